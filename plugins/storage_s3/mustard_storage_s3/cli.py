"""`mustard deploy-frontend`: put a built Angular bundle on S3 with the right cache headers."""

from __future__ import annotations

from pathlib import Path

import click

from mustard_storage_s3 import frontend


@click.command("deploy-frontend")
@click.argument("dist", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--bucket", required=True, help="The frontend bucket (behind the CDN).")
@click.option("--prefix", default="", show_default=True, help="Key prefix inside the bucket.")
@click.option("--dry-run", is_flag=True, help="Print the plan; upload nothing.")
@click.option("--region", envvar="AWS_REGION", default="", help="Bucket region [env AWS_REGION].")
@click.option("--endpoint-url", envvar="MUSTARD_S3_ENDPOINT_URL", default="",
              help="Another S3 endpoint (MinIO, tests) [env MUSTARD_S3_ENDPOINT_URL].")
def deploy_frontend(dist: Path, bucket: str, prefix: str, dry_run: bool, region: str,
                    endpoint_url: str) -> None:
    """Upload the built bundle in DIST (the folder holding index.html).

    Content-hashed assets are cached for a year, every other file is revalidated (no-cache),
    and index.html goes up last. Credentials come from the standard AWS chain.
    """
    try:
        plan = frontend.plan_deploy(frontend.list_files(dist), prefix)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--prefix") from exc
    if not any(item.path == "index.html" for item in plan):
        raise click.ClickException(
            f"{dist} has no index.html: point DIST at the built browser folder")
    for line in frontend.format_plan(plan, bucket):
        click.echo(line)
    if dry_run:
        click.echo(f"dry run: {len(plan)} files planned, nothing uploaded")
        return

    from mustard_storage_s3.client import make_client  # boto3 only when really uploading

    client = make_client(region, endpoint_url)
    try:
        frontend.deploy(client, bucket, dist, plan,
                        on_upload=lambda item: click.echo(f"uploaded {item.key}"))
    except Exception as exc:
        raise click.ClickException(
            f"upload failed ({type(exc).__name__}: {exc}); index.html was not replaced") from exc
    click.echo(f"deployed {len(plan)} files to s3://{bucket}/{frontend.normalise_prefix(prefix)}")
