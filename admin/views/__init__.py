"""Console views, one module per area (`admin.<area>.<action>` routes); scanned by the include."""
