"""Hand-written seed lists for the skills vocabulary (read by build_vocabulary.py only).

One skill a line: `Canonical name | alias, alias`. A leading `!` on the name or an alias marks
it *strict*: a common word (Go, R, Excel, Ada, Spring) that counts as a skill only inside a
skills section, never in running text or in a person's name. `build_vocabulary.py` adds the
generated families (cloud services, certifications, SAP modules...) and writes data/skills.tsv.
"""

from __future__ import annotations

PROGRAMMING_LANGUAGES = """
Python | py, python3, python 3, cpython
JavaScript | JS, ECMAScript, ES6, ES2015, vanilla js
TypeScript | TS
Java | java se, java ee, jakarta ee, j2ee, core java
C# | csharp, c sharp
C++ | cpp, cplusplus
!C | ansi c
!Go | golang
!Rust | rustlang
!Ruby | ruby programming
PHP | php7, php8
Kotlin |
!Swift |
Objective-C | objc, obj-c
Scala |
!R | r language, rlang, r programming
MATLAB |
Perl |
Bash | bash scripting, shell scripting
PowerShell |
SQL | structured query language
PL/SQL |
T-SQL | transact-sql, tsql
Haskell |
Erlang |
!Elixir |
Clojure |
F# | fsharp
OCaml |
!Julia | julia language
!Dart |
Lua |
!Groovy | apache groovy
Visual Basic .NET | VB.NET, vbnet
VBA | visual basic for applications, excel vba
Visual Basic | vb6, !VB
COBOL |
Fortran |
FLOW-MATIC | flowmatic
ALGOL | algol 60, algol 68
PL/I | pl1
!Assembly language | assembler, assembly, asm, x86 assembly, arm assembly
!Pascal |
!Delphi | object pascal
!Ada | ada 95, ada 2012
!Lisp | common lisp
!Scheme |
!Racket |
Prolog |
Smalltalk |
!Crystal |
!Nim |
Zig |
!D | dlang
Solidity |
Vyper |
!Apex | salesforce apex
ABAP | sap abap
!RPG | rpg iv, rpgle
JCL | job control language
!Awk | gawk
!Sed |
Tcl |
!Elm |
PureScript |
ReasonML |
CoffeeScript |
ActionScript |
!Hack | hacklang
WebAssembly | wasm
GraphQL |
HTML | html5
CSS | css3
Sass | scss
!Less | less css
!Shell | unix shell, zsh
Korn shell | ksh
SAS | sas programming
Stata |
LabVIEW |
Verilog |
VHDL |
SystemVerilog |
CUDA |
OpenCL |
GLSL |
HLSL |
!Processing |
!Scratch | scratch programming
Q# | qsharp
!Mojo |
!Chapel |
APL |
!Forth |
!Logo |
Modula-2 |
!Eiffel |
!Simula |
ColdFusion | cfml
Xojo |
PowerBuilder |
!Clipper |
!Natural | software ag natural
MUMPS |
!ABC |
!Lingo |
AutoLISP |
G-code | gcode
Ladder logic |
Structured Text | iec 61131-3
YAML |
JSON |
XML |
XSLT |
XPath |
XQuery |
Regular expressions | regex, regexp
Markdown |
LaTeX |
"""

WEB_FRAMEWORKS = """
!React | ReactJS, React.js
Angular | angular 2, angular 17
AngularJS | angular.js, angular 1
Vue.js | Vue, VueJS, vue 3
Svelte | SvelteKit
Next.js | nextjs
Nuxt.js | nuxt
Remix | !remix
Gatsby | gatsbyjs
Astro | !astro
Ember.js | emberjs, !ember
Backbone.js | backbonejs, !backbone
jQuery |
Redux | redux toolkit
MobX |
RxJS |
Node.js | NodeJS, node js, !Node
Express.js | ExpressJS, !Express
NestJS | nest.js
Koa | koa.js
Fastify |
Deno |
Bun | !bun
Django | django rest framework, DRF
Flask | !flask
FastAPI |
Pyramid | !pyramid, pylons pyramid
Tornado | !tornado
aiohttp |
Celery |
SQLAlchemy |
Ruby on Rails | !Rails, RoR
Sinatra | !sinatra
Laravel |
Symfony |
CodeIgniter |
CakePHP |
Yii |
Zend Framework | laminas
WordPress | wp
Drupal |
Joomla |
Magento | adobe commerce
Shopify |
WooCommerce |
Spring Framework | !Spring
Spring Boot | springboot
Spring Cloud |
Spring Security |
Hibernate |
Jakarta Persistence | JPA
Struts | apache struts
JavaServer Faces | JSF
Micronaut |
Quarkus |
Vert.x |
Play Framework |
Akka |
ASP.NET | asp net
ASP.NET Core | asp.net mvc, asp net core
.NET | dotnet, dot net, .net framework, .net core
Entity Framework | EF Core, entity framework core
Blazor |
WPF | windows presentation foundation
WinForms | windows forms
Xamarin |
.NET MAUI | maui
Gin | !gin, gin gonic
Echo | !echo
Fiber | !fiber
Actix | actix-web
Rocket | !rocket
Axum |
Phoenix | !phoenix, phoenix framework
Tailwind CSS | tailwind, tailwindcss
Bootstrap | twitter bootstrap, !bootstrap
Material UI | MUI
Chakra UI |
Ant Design | antd
Foundation | !foundation
Bulma |
Webpack |
Vite | vitejs
Rollup |
Parcel | !parcel
Babel |
esbuild |
!Gulp | gulp.js
!Grunt | grunt.js
npm |
Yarn | !yarn
pnpm |
Storybook |
Three.js | threejs
D3.js | d3, d3js
Chart.js | chartjs
Leaflet | !leaflet
Socket.IO | socketio
WebSockets | websocket
REST APIs | REST, RESTful, RESTful APIs, rest api
gRPC |
SOAP | soap web services, !soap
OpenAPI | swagger
JSON API | jsonapi
OAuth | oauth2, oauth 2.0
OpenID Connect | oidc
JSON Web Tokens | JWT
Progressive Web Apps | PWA
Single-page applications | !SPA
Server-side rendering | SSR
Web accessibility | accessibility, WCAG, a11y
Responsive web design | responsive design
Web performance optimisation | web performance
Search engine friendly markup |
Microservices | microservice architecture
Serverless | serverless architecture
Event-driven architecture | EDA
Domain-driven design | DDD
Service-oriented architecture | SOA
Object-oriented programming | OOP, object oriented design, OOD
Functional programming | FP
Design patterns |
Test-driven development | TDD
Behaviour-driven development | BDD, behavior driven development
Clean code |
Data structures and algorithms | algorithms, data structures
Multithreading | concurrency, concurrent programming
Asynchronous programming | async programming
API design |
System design |
Software architecture |
Distributed systems |
High availability |
Scalability |
Caching |
Message queues | !messaging
Web scraping |
Browser extensions | chrome extensions
Electron | electron.js
Tauri |
Qt | !qt
GTK |
wxWidgets |
JavaFX |
Swing | java swing, !swing
Unity | unity3d, !unity
Unreal Engine | UE4, UE5, !unreal
Godot |
Cocos2d |
Game development | gamedev
OpenGL |
Vulkan |
DirectX |
WebGL |
!Metal | apple metal
"""

MOBILE = """
Android development | android sdk, android
iOS development | ios sdk, !ios
React Native |
Flutter |
Ionic | !ionic
Apache Cordova | cordova, phonegap
Jetpack Compose |
SwiftUI |
UIKit |
Core Data |
Kotlin Multiplatform | KMP
Android Studio |
Xcode |
Firebase |
Expo | !expo
App Store optimisation | ASO
Mobile app development | mobile development
Push notifications |
"""

DATABASES = """
PostgreSQL | Postgres, psql, pgsql, postgre
MySQL |
MariaDB |
SQLite |
Microsoft SQL Server | SQL Server, MSSQL, ms sql
Oracle Database | Oracle DB, !Oracle, oracle rdbms
IBM Db2 | DB2
MongoDB | mongo
Redis |
Memcached |
Cassandra | apache cassandra
ScyllaDB |
CouchDB | apache couchdb
Couchbase |
Amazon DynamoDB | DynamoDB
Elasticsearch | elastic search, ES cluster
OpenSearch |
Apache Solr | Solr
Neo4j |
ArangoDB |
Amazon Neptune |
InfluxDB |
TimescaleDB |
Prometheus TSDB |
ClickHouse |
Apache Druid | druid
Snowflake | !snowflake
Google BigQuery | BigQuery
Amazon Redshift | Redshift
Azure Synapse Analytics | Synapse
Databricks |
Teradata |
Greenplum |
Vertica |
SAP HANA | HANA
Sybase | sap ase
Informix |
IBM IMS | IMS DB
CockroachDB |
YugabyteDB |
TiDB |
Firebird |
Microsoft Access | MS Access, !Access
FileMaker |
Realm | !realm
Cloud Firestore | Firestore
Supabase |
PlanetScale |
Pinecone |
Weaviate |
Milvus |
Qdrant |
Chroma | chromadb
pgvector |
FAISS |
Apache HBase | HBase
Apache Ignite |
Hazelcast |
etcd |
Apache ZooKeeper | ZooKeeper
RocksDB |
LevelDB |
Berkeley DB |
Azure Cosmos DB | Cosmos DB, cosmosdb
Amazon Aurora | Aurora
Amazon RDS | RDS
Google Cloud SQL | Cloud SQL
Google Cloud Spanner | Spanner
Google Bigtable | Bigtable
Database design | data modelling, data modeling
Database administration | DBA
Query optimisation | query tuning, sql tuning
Stored procedures |
Database replication | replication
Database migration |
ORM | object relational mapping
NoSQL |
"""

DEVOPS = """
Docker | containerisation, containerization
Kubernetes | k8s, kube
Helm | !helm
Kustomize |
OpenShift | red hat openshift
!Rancher |
Podman |
containerd |
Docker Compose | docker-compose
Docker Swarm |
HashiCorp Nomad | !Nomad
HashiCorp Consul | !Consul
HashiCorp Vault | !Vault
Terraform |
Terragrunt |
Pulumi |
AWS CloudFormation | CloudFormation
AWS CDK | cdk
Azure Resource Manager | ARM templates
Bicep | azure bicep
Ansible |
Chef | !chef, chef infra
Puppet | !puppet
SaltStack | !salt
Packer | !packer
!Vagrant |
Jenkins |
GitHub Actions |
GitLab CI | gitlab ci/cd
CircleCI |
Travis CI |
TeamCity |
Bamboo | atlassian bamboo
Azure DevOps | Azure Pipelines, VSTS, TFS
Argo CD | argocd
!Flux | fluxcd
!Spinnaker |
Tekton |
Buildkite |
Drone CI |
Git |
GitHub |
GitLab |
Bitbucket |
Subversion | SVN
Mercurial |
Perforce | helix core
Maven | apache maven
Gradle |
!Ant | apache ant
!Make | makefile, gnu make
CMake |
Bazel |
Nx | !nx
Lerna |
SonarQube | sonar
Nexus Repository | !nexus
JFrog Artifactory | Artifactory
Prometheus |
Grafana |
Datadog |
New Relic |
Dynatrace |
AppDynamics |
Splunk |
ELK Stack | elastic stack, elk
Logstash |
Kibana |
Fluentd |
Fluent Bit |
!Loki | grafana loki
!Jaeger | jaeger tracing
OpenTelemetry | otel
Zipkin |
Nagios |
Zabbix |
PagerDuty |
Opsgenie |
!Sentry | sentry.io
Istio |
Linkerd |
!Envoy | envoy proxy
NGINX |
Apache HTTP Server | apache httpd, httpd
HAProxy |
Traefik |
!Caddy | caddy server
!Varnish | varnish cache
Tomcat | apache tomcat
JBoss | wildfly
WebLogic | oracle weblogic
WebSphere | ibm websphere
IIS | internet information services
Apache Kafka | Kafka
RabbitMQ |
ActiveMQ |
Amazon SQS | SQS
Apache Pulsar | !Pulsar
!NATS |
ZeroMQ |
IBM MQ | websphere mq, mqseries
Continuous integration | !CI
Continuous delivery | !CD, continuous deployment
CI/CD |
DevOps |
DevSecOps |
Site reliability engineering | SRE
Infrastructure as code | IaC
GitOps |
Configuration management |
Release management |
!Monitoring | observability
Incident management | on-call
Chaos engineering |
Load balancing |
Capacity planning |
Disaster recovery | !DR
Backup and recovery |
Blue-green deployment |
Canary releases |
Platform engineering |
FinOps | cloud cost optimisation
Cloud migration |
Multi-cloud |
Hybrid cloud |
Cloud architecture | cloud computing
"""

OPERATING_SYSTEMS = """
Linux | gnu/linux
Unix |
Ubuntu |
Debian |
Red Hat Enterprise Linux | RHEL, red hat
CentOS |
Fedora |
SUSE Linux | SLES, opensuse
Alpine Linux |
Arch Linux |
Amazon Linux |
Windows Server |
Microsoft Windows | windows 10, windows 11, !Windows
macOS | mac os x, osx
Solaris |
AIX | ibm aix
HP-UX |
FreeBSD |
OpenBSD |
z/OS | mvs, zos
IBM i | as/400, as400, iseries
VMware ESXi | esxi
Linux administration | linux sysadmin
Windows administration |
System administration | sysadmin
Active Directory | AD
Group Policy | GPO
Microsoft Intune | Intune
SCCM | microsoft endpoint configuration manager, MECM
JAMF | jamf pro
Embedded Linux | yocto
RTOS | freertos, real-time operating systems
Android OS |
Chrome OS | chromebook
Shell scripting on Linux |
Systemd |
Cron | cron jobs
"""

DATA_ML = """
Machine learning | ML
Deep learning | !DL
Artificial intelligence | AI
Natural language processing | NLP
Computer vision |
Large language models | LLM, LLMs
Generative AI | genai
Prompt engineering |
Retrieval-augmented generation | RAG
Reinforcement learning | !RL
Supervised learning |
Unsupervised learning |
Neural networks |
Convolutional neural networks | CNN
Recurrent neural networks | RNN, LSTM
Transformer models | !transformers
Time series analysis | time series forecasting
Recommender systems | recommendation systems
Anomaly detection |
Feature engineering |
Model deployment | model serving
MLOps |
Data science |
Data analysis | data analytics
Data engineering |
Data visualisation | data visualization, dataviz
Data mining |
Data cleaning | data wrangling
Data warehousing | data warehouse, DWH
Data lakes | data lake, lakehouse
Data governance |
Data quality |
Data pipelines |
ETL | extract transform load, ELT
Big data |
Statistics | statistical analysis
Statistical modelling | statistical modeling
Regression analysis | linear regression, logistic regression
Hypothesis testing |
Bayesian statistics | bayesian inference
A/B testing | split testing, ab testing
Experimental design | design of experiments, DOE
Predictive modelling | predictive analytics
Econometrics |
Operations research | !optimisation, mathematical optimization
Quantitative analysis | !quant
Business intelligence | BI
!Reporting |
Dashboards | dashboarding
KPI reporting |
pandas |
NumPy |
SciPy |
scikit-learn | sklearn, scikit learn
TensorFlow | tf
Keras |
PyTorch | torch
JAX |
Hugging Face | huggingface, hugging face transformers
LangChain |
LlamaIndex |
OpenAI API | chatgpt api, gpt-4
spaCy |
NLTK |
Gensim |
OpenCV |
XGBoost |
LightGBM |
CatBoost |
statsmodels |
Matplotlib |
Seaborn |
Plotly |
Bokeh |
!Dash | plotly dash
Streamlit |
Jupyter | jupyter notebook, jupyterlab, ipython
Google Colab | colab
Anaconda | conda
Polars |
Dask |
Ray | !ray
Apache Spark | !Spark, pyspark, spark sql
Apache Hadoop | Hadoop, hdfs, mapreduce
Apache Hive | !Hive, hiveql
Apache Pig | !Pig
Apache Flink | Flink
Apache Beam |
Apache Airflow | !Airflow
Apache NiFi | NiFi
Apache Storm |
Apache Iceberg | !Iceberg
Delta Lake |
dbt | data build tool
Dagster |
!Prefect |
!Luigi |
Fivetran |
Airbyte |
Talend |
Informatica | informatica powercenter
SSIS | sql server integration services
SSRS | sql server reporting services
SSAS | sql server analysis services
Alteryx |
KNIME |
RapidMiner |
MLflow |
Kubeflow |
Weights & Biases | wandb
DVC | data version control
Amazon SageMaker | SageMaker
Azure Machine Learning | azure ml
Vertex AI |
Tableau |
Microsoft Power BI | Power BI, PowerBI
Looker |
Looker Studio | google data studio, data studio
Qlik Sense |
QlikView |
MicroStrategy |
Sisense |
Metabase |
Apache Superset | Superset
Redash |
Domo |
IBM Cognos | Cognos
SAP BusinessObjects | business objects, BOBJ
Oracle BI | OBIEE
SPSS | ibm spss
Minitab |
EViews |
GAUSS |
Mathematica | wolfram mathematica
Maple | !maple
OLAP |
DAX | !dax
Power Query |
MDX |
Google Analytics | GA4, universal analytics
Adobe Analytics | omniture
Mixpanel |
Amplitude | !amplitude
Segment | !segment
Heap | !heap
Hotjar |
Web analytics |
Marketing analytics |
Customer analytics |
Text mining | text analytics
Sentiment analysis |
Speech recognition |
Image recognition | image classification
Object detection | !YOLO
Optical character recognition | OCR
Knowledge graphs |
Graph analytics |
Geospatial analysis | GIS analysis
Web crawling |
Synthetic data |
Data annotation | data labelling, data labeling
"""

CLOUD_PLATFORMS = """
Amazon Web Services | AWS, amazon aws
Microsoft Azure | Azure, azure cloud
Google Cloud Platform | GCP, Google Cloud
IBM Cloud |
Oracle Cloud Infrastructure | OCI, oracle cloud
Alibaba Cloud | aliyun
DigitalOcean |
Linode | akamai cloud
Heroku |
Vercel |
Netlify |
Cloudflare | cloudflare workers
OpenStack |
VMware vSphere | vSphere, vcenter
VMware |
Hyper-V |
Citrix | citrix xenapp, citrix virtual apps
Proxmox |
Virtualisation | virtualization
Salesforce Platform | force.com
"""

SECURITY = """
Cyber security | cybersecurity, information security, infosec, IT security
Network security |
Application security | appsec
Cloud security |
Penetration testing | pentesting, pen testing, ethical hacking
Vulnerability assessment | vulnerability management
Threat modelling | threat modeling
Threat intelligence |
Incident response |
Digital forensics | computer forensics
Security operations | SOC
SIEM | security information and event management
Identity and access management | IAM
Privileged access management | !PAM
Zero trust | zero trust architecture
Public key infrastructure | PKI
Cryptography | encryption
Firewalls | firewall
Intrusion detection | IDS, IPS
Endpoint protection | EDR, endpoint detection and response
Data loss prevention | DLP
Security auditing |
Risk assessment |
ISO 27001 | iso/iec 27001
SOC 2 | soc2
PCI DSS | pci compliance
GDPR | general data protection regulation
HIPAA |
NIST Cybersecurity Framework | NIST CSF, nist 800-53
Cyber Essentials |
OWASP | owasp top 10
Burp Suite |
Metasploit |
Nmap |
Wireshark |
Nessus |
Qualys |
Kali Linux |
!Snort |
Suricata |
Splunk Enterprise Security | splunk es
IBM QRadar | QRadar
Microsoft Sentinel | azure sentinel
CrowdStrike | crowdstrike falcon
SentinelOne |
Palo Alto Networks | palo alto firewalls
Fortinet | fortigate
Check Point | checkpoint firewall
Okta |
Auth0 |
Keycloak |
CyberArk |
SailPoint |
Single sign-on | SSO
Multi-factor authentication | !MFA, 2FA
SAML |
LDAP |
Kerberos |
Security awareness training |
Malware analysis |
Reverse engineering |
Secure coding |
Static application security testing | SAST
Dynamic application security testing | DAST
Container security |
Red teaming | red team
Blue teaming | blue team
Governance risk and compliance | GRC
Business continuity planning | BCP, business continuity
Data protection | data privacy
"""

NETWORKING = """
Computer networking | networking
TCP/IP | tcp ip
DNS | domain name system
DHCP |
HTTP | https
Routing and switching | !routing, !switching
BGP |
OSPF |
EIGRP |
MPLS |
VLAN | vlans
VPN | virtual private network, ipsec
SD-WAN |
LAN | local area network
WAN | wide area network
Wireless networking | wifi, wi-fi, wlan
Network administration |
Network design | network architecture
Network monitoring |
Cisco IOS |
Cisco Meraki | meraki
Juniper Networks | junos
Aruba Networks | aruba
Load balancers | F5, f5 big-ip
Software-defined networking | SDN
IPv6 |
VoIP | voice over ip
!SIP | session initiation protocol
Unified communications |
Structured cabling | network cabling
Fibre optics | fiber optics, fibre optic
5G |
LTE | 4g
Telecommunications | telecoms, telecom
Satellite communications | satcom
RF engineering | radio frequency
SNMP |
NetFlow |
Packet analysis |
Proxy servers | !proxy
CDN | content delivery network
"""

TESTING = """
Software testing | !testing, quality assurance testing
Quality assurance | QA
Manual testing |
Test automation | automated testing, automation testing
Unit testing | unit tests
Integration testing |
End-to-end testing | e2e testing
Regression testing |
Performance testing | load testing, stress testing
Security testing |
Usability testing | user testing
User acceptance testing | UAT
Exploratory testing |
API testing |
Mobile testing |
Contract testing | pact
Property-based testing |
Mutation testing |
Test planning | test strategy
Test case design | test cases
Defect tracking | bug tracking
Selenium | selenium webdriver
Cypress |
!Playwright | microsoft playwright
!Puppeteer |
WebdriverIO |
Appium |
!Cucumber | gherkin
SpecFlow |
Robot Framework |
JUnit |
TestNG |
Mockito |
pytest |
unittest |
!Jest | jestjs
!Mocha | mochajs
!Jasmine |
Karma | !karma
Vitest |
Testing Library | react testing library
Enzyme | !enzyme
xUnit |
NUnit |
RSpec |
Capybara |
PHPUnit |
JMeter | apache jmeter
Gatling |
Locust | !locust
k6 |
LoadRunner | micro focus loadrunner
!Postman | postman api
SoapUI |
Insomnia | !insomnia
TestRail |
Zephyr | zephyr scale
qTest |
HP ALM | quality center, alm
Katalon | katalon studio
Ranorex |
TestComplete |
Tricentis Tosca | tosca
BrowserStack |
Sauce Labs |
ISTQB | istqb foundation
"""

OFFICE = """
Microsoft Office | MS Office, office 365, microsoft 365, m365
Microsoft Excel | MS Excel, !Excel
Microsoft Word | MS Word, !Word
Microsoft PowerPoint | PowerPoint, MS PowerPoint
Microsoft Outlook | MS Outlook, !Outlook
Microsoft Teams | MS Teams, !Teams
Microsoft Project | MS Project
Microsoft Visio | Visio, MS Visio
Microsoft OneNote | OneNote
Microsoft Publisher | !Publisher
Microsoft SharePoint | SharePoint
Microsoft Dynamics 365 | Dynamics 365, dynamics crm, !Dynamics
Microsoft Power Automate | Power Automate, microsoft flow
Microsoft Power Apps | Power Apps, powerapps
Microsoft Power Platform | Power Platform
Microsoft Exchange | exchange server
Microsoft Planner |
Microsoft Forms |
Google Workspace | G Suite, gsuite
Google Sheets |
Google Docs |
Google Slides |
Google Drive |
Gmail |
LibreOffice | openoffice
Apple Keynote | !Keynote
Apple Numbers |
Apple Pages |
Pivot tables | pivottables, pivot table
VLOOKUP | xlookup, index match
Excel macros | macros
Advanced Excel | excel modelling
Touch typing | typing
Data entry |
Word processing |
Spreadsheets |
Presentation design | !presentations
!Slack |
Zoom | !zoom
Webex |
Notion | !notion
Confluence | !confluence, atlassian confluence
Jira | atlassian jira, jira software
Trello |
Asana | !asana
Monday.com | !monday
ClickUp |
Basecamp |
Smartsheet |
Airtable |
Miro |
Lucidchart |
Dropbox |
Box | !box
DocuSign |
Adobe Acrobat | acrobat, adobe acrobat pro
Evernote |
Calendly |
Zapier |
Document management |
Records management |
Email management |
Diary management | calendar management
Minute taking | !minutes
Dictation |
Audio typing |
Shorthand |
!Filing |
Mail merge |
Proofreading |
Transcription |
"""

DESIGN = """
Adobe Photoshop | Photoshop, !PS
Adobe Illustrator | !Illustrator
Adobe InDesign | InDesign
Adobe XD |
Adobe Premiere Pro | Premiere Pro, !premiere
Adobe After Effects | After Effects
Adobe Lightroom | Lightroom
Adobe Audition |
Adobe Animate | adobe flash
Adobe Dreamweaver | Dreamweaver
Adobe Creative Suite | adobe creative cloud, creative cloud, adobe cc
Adobe Firefly |
Figma |
Sketch | !sketch, sketch app
InVision |
Axure RP | axure
Balsamiq |
Framer |
Zeplin |
Canva |
CorelDRAW | corel draw
Affinity Designer |
Affinity Photo |
Procreate |
GIMP |
Inkscape |
Blender | !blender
Autodesk Maya | !Maya
Autodesk 3ds Max | 3ds max, 3d studio max
Cinema 4D | c4d
ZBrush |
Houdini |
Substance Painter |
KeyShot |
V-Ray | vray
Final Cut Pro |
DaVinci Resolve |
Avid Media Composer | !avid
Logic Pro |
Pro Tools |
Ableton Live | ableton
!Audacity |
User experience design | UX, UX design, user experience
User interface design | UI, UI design
UI/UX design | ux/ui, ui/ux
Interaction design | IxD
Visual design |
Graphic design |
Web design |
Product design |
Service design |
Motion graphics | motion design
Animation | 2d animation, 3d animation
3D modelling | 3d modeling
Illustration |
Typography |
Branding | brand identity
Logo design |
Layout design |
Print design |
Packaging design |
Editorial design |
Infographics |
Wireframing | wireframes
Prototyping |
User research | ux research
Usability |
Information architecture | IA
Design thinking |
Design systems |
Colour theory | color theory
Photography |
Photo editing | photo retouching, retouching
Video editing |
Video production |
Videography |
Sound design |
Audio editing |
Storyboarding |
Art direction |
Creative direction |
Fashion design |
Interior design |
Textile design |
Industrial design |
Jewellery design | jewelry design
Set design |
Game design |
Level design |
Character design |
Concept art |
"""

FINANCE = """
Accounting |
Financial accounting |
Management accounting |
Bookkeeping |
Accounts payable | !AP
Accounts receivable | !AR
Accounts reconciliation | reconciliations, bank reconciliation
General ledger | !GL
Payroll | payroll processing
Financial reporting |
Financial analysis |
Financial modelling | financial modeling
Financial planning and analysis | FP&A, fp and a
Budgeting | budget management
Financial forecasting |
Cash flow management | cash management
Treasury | treasury management
Credit control | credit management
Credit analysis | credit risk analysis
Credit risk |
Market risk |
Operational risk |
Liquidity risk |
Risk management |
Enterprise risk management | ERM
Internal audit |
External audit | statutory audit
Auditing | audit
Tax | taxation
Corporate tax |
VAT | vat returns, value added tax
Personal tax | self assessment
Transfer pricing |
Tax compliance |
Tax planning |
IFRS | international financial reporting standards
US GAAP | GAAP
UK GAAP | frs 102
Sarbanes-Oxley | SOX, sox compliance
Consolidation | group consolidation
Month-end close | month end, year end close
Variance analysis |
Cost control |
Cost reduction |
Pricing | pricing strategy
Revenue recognition | ifrs 15, asc 606
Fixed assets |
Inventory accounting | stock control
Expense management | expenses
Purchase to pay | P2P, procure to pay
Order to cash | O2C
Record to report | R2R
Mergers and acquisitions | M&A
Due diligence |
Valuation | business valuation
Discounted cash flow | DCF
Corporate finance |
Investment banking |
Private equity | !PE
Venture capital | !VC
Asset management |
Wealth management |
Portfolio management |
Fund accounting |
Equity research |
Fixed income | bonds
Derivatives |
Foreign exchange | FX, forex
Commodities | commodities trading
Equities | equity trading
Trading |
Algorithmic trading | algo trading
Quantitative finance |
Capital markets |
Debt capital markets | DCM
Equity capital markets | ECM
Structured finance |
Project finance |
Trade finance |
Leasing |
Insurance |
Underwriting |
Actuarial science | actuarial
Claims handling | claims management
Reinsurance |
Loss adjusting |
Anti-money laundering | AML
Know your customer | KYC
Financial crime | fraud prevention
Sanctions compliance | sanctions screening
Regulatory compliance | compliance
Regulatory reporting |
Basel III | basel
Solvency II |
MiFID II | mifid
Dodd-Frank |
Regulatory stress testing |
Financial regulation |
Retail banking |
Commercial banking |
Corporate banking |
Mortgages | mortgage advice
Lending | loans
Credit cards |
Payments | payment processing
SWIFT payments | swift messaging
SEPA |
Open banking |
Fintech |
Cryptocurrency | crypto
Blockchain | distributed ledger
Financial advice | financial planning
Pensions | pension administration
Bloomberg Terminal | Bloomberg
Refinitiv Eikon | eikon, reuters eikon
FactSet |
Capital IQ | s&p capital iq
Murex |
!Calypso |
Sage Accounting | sage 50, !Sage
Xero |
QuickBooks |
FreeAgent |
NetSuite | oracle netsuite
Oracle Financials | oracle ebs financials
Hyperion | oracle hyperion
Anaplan |
Adaptive Insights | workday adaptive planning
BlackLine |
SAP Concur | !Concur
Kyriba |
Coupa |
!Dext | receipt bank
Profit and loss management | P&L, p&l management
Balance sheet management |
Commercial finance |
Business partnering | finance business partnering
Cost accounting | costing
Activity-based costing | ABC costing
Working capital management | working capital
Intercompany accounting | intercompany
Lease accounting | ifrs 16
Statutory accounts | statutory reporting
Management reporting | management accounts
Financial controls | internal controls
"""

SALES = """
Sales | selling
B2B sales | business to business sales
B2C sales |
Business development | !BD
New business development | new business
Account management |
Key account management | KAM
Strategic account management |
Enterprise sales |
Inside sales |
Field sales | outside sales
Telesales | telemarketing
Cold calling |
Lead generation |
Lead qualification |
Prospecting |
Pipeline management | sales pipeline
Sales forecasting |
Negotiation | negotiation skills
!Closing | deal closing
Consultative selling | solution selling
SPIN selling |
Challenger sale |
MEDDIC | meddpicc
Value selling |
Social selling |
Channel sales | partner management, channel management
Sales management |
Sales operations | sales ops
Revenue operations | revops
Sales enablement |
Territory management |
Upselling | cross-selling
Customer retention |
Customer success |
Client relationship management | relationship management
Tendering | bid management
Proposal writing |
RFP responses | rfp
Contract negotiation |
Pricing negotiation |
Retail sales |
Merchandising | visual merchandising
Category management |
Trade marketing |
Sales presentations |
Product demonstrations | product demos
Salesforce | salesforce crm, sfdc, salesforce.com
HubSpot | hubspot crm
Pipedrive |
Zoho CRM | zoho
Outreach | !outreach
Salesloft |
Gong | !gong
LinkedIn Sales Navigator | sales navigator
ZoomInfo |
Apollo.io |
CRM | customer relationship management
Recruitment sales | 360 recruitment
Estate agency | property sales
Automotive sales | car sales
Pharmaceutical sales | pharma sales
Medical device sales |
Software sales | saas sales
Advertising sales | media sales
Insurance sales |
Financial services sales |
Export sales | international sales
"""

MARKETING = """
Marketing |
Digital marketing | online marketing
Content marketing |
Content strategy |
Content creation |
Copywriting |
Copy editing | copyediting
Social media marketing | SMM
Social media management | social media
Community management |
Influencer marketing |
Email marketing | email campaigns
Marketing automation |
Search engine optimisation | SEO, search engine optimization
Search engine marketing | SEM
Pay-per-click advertising | PPC, pay per click
Google Ads | google adwords, adwords
Microsoft Advertising | bing ads
Meta Ads | facebook ads, instagram ads
LinkedIn Ads |
TikTok Ads |
Programmatic advertising | programmatic
Display advertising |
Affiliate marketing |
Performance marketing |
Growth marketing | growth hacking
Conversion rate optimisation | CRO, conversion rate optimization
Marketing strategy |
Brand management |
Brand strategy |
Product marketing |
Go-to-market strategy | GTM, go to market
Market research |
Competitive analysis | competitor analysis
Customer segmentation | segmentation
Customer journey mapping | customer journeys
Marketing campaigns | campaign management
Integrated marketing |
Event marketing |
Event management | !events
Trade shows | exhibitions
Public relations | !PR
Media relations | press relations
Crisis communications |
Internal communications |
Corporate communications |
Press releases |
Marketing communications | marcomms, marcom
Account-based marketing | ABM
Demand generation |
Inbound marketing |
Outbound marketing |
Lifecycle marketing | CRM marketing
Loyalty programmes | loyalty programs
Direct marketing | direct mail
Field marketing |
Partner marketing |
Video marketing |
Podcast production | podcasting
Marketing budget management |
Media planning |
Media buying |
Advertising |
Creative briefs |
Storytelling |
Web content management |
Localisation | localization
Mailchimp |
Marketo | adobe marketo
Pardot | marketing cloud account engagement
Salesforce Marketing Cloud | exacttarget
Braze |
Klaviyo |
!Iterable |
Customer.io |
Hootsuite |
Buffer | !buffer
Sprout Social |
Semrush |
Ahrefs |
Moz |
Screaming Frog |
Google Search Console | search console
Google Tag Manager | GTM container
Optimizely |
Unbounce |
Contentful |
Sitecore |
Adobe Experience Manager | AEM
HubSpot Marketing Hub |
Marketing technology | martech
Ecommerce | e-commerce
Marketplace management | amazon seller central
Product listings |
Email deliverability |
Technical SEO |
Local SEO |
Keyword research |
Link building |
"""

HR = """
Human resources | HR
Recruitment | recruiting, hiring
Talent acquisition |
Technical recruitment | tech recruiting
Executive search | headhunting
Sourcing | talent sourcing
Candidate screening | !screening
Interviewing | interview skills
Competency-based interviewing |
Onboarding | induction
Offboarding |
CIPD membership | CIPD, MCIPD, chartered mcipd
Employer branding |
Employee relations | !ER
Industrial relations | labour relations
Employment law |
Disciplinary and grievance | disciplinaries, grievances
Absence management |
Performance management |
Talent management |
Succession planning |
Workforce planning |
Learning and development | L&D
Training delivery | !training
Training needs analysis | TNA
Instructional design |
E-learning | elearning
Coaching |
Mentoring |
Compensation and benefits | !reward, comp and ben
Benefits administration |
Job evaluation |
HR policies | policy development
HR administration |
HR business partnering | HRBP
Organisational development | organizational development, !OD
Organisational design | org design
Change management |
Culture change |
Employee engagement |
Diversity and inclusion | DEI, D&I, diversity equity and inclusion
Wellbeing | employee wellbeing
Health and safety | H&S, HSE, occupational health and safety
TUPE |
Redundancy consultation | redundancy
Right to work checks |
Background checks |
HR analytics | people analytics
HRIS | human resource information systems
Workday | workday hcm
SAP SuccessFactors | SuccessFactors
Oracle HCM Cloud | oracle hcm
BambooHR |
ADP | adp workforce now
Personio |
HiBob |
iCIMS |
Greenhouse | !greenhouse
Lever | !lever
Taleo | oracle taleo
Bullhorn |
Vincere |
Broadbean |
LinkedIn Recruiter |
Applicant tracking systems | ATS
Psychometric testing | psychometrics
Assessment centres | assessment centers
Graduate recruitment | campus recruitment
Volume recruitment | high volume hiring
Agency management |
Payroll administration |
Time and attendance |
Immigration and visas | visa sponsorship
"""

HEALTHCARE = """
Patient care |
Nursing |
Registered nursing | RN
Critical care nursing | ICU nursing, intensive care
Emergency nursing | A&E nursing
Paediatric nursing | pediatric nursing
Mental health nursing | psychiatric nursing
Midwifery |
Theatre nursing | perioperative nursing, scrub nurse
District nursing | community nursing
Palliative care | end of life care
Oncology |
Cardiology |
Radiology |
Diagnostic radiography | radiography
Sonography | ultrasound
MRI | magnetic resonance imaging
CT scanning | computed tomography
Phlebotomy | venepuncture
Cannulation |
Wound care | wound management
Medication administration | drug administration
Infection control | infection prevention and control, IPC
Vital signs monitoring | !observations
Triage |
Clinical assessment |
Care planning | care plans
Personal care |
Dementia care |
Elderly care | care of the elderly, geriatric care
Learning disability support |
Domiciliary care | home care
Safeguarding | safeguarding adults, safeguarding children
Manual handling | moving and handling
Basic Life Support | BLS
Advanced Life Support | !ALS
Advanced Cardiovascular Life Support | ACLS
Paediatric Advanced Life Support | !PALS, pediatric advanced life support
First aid | first aid at work
CPR | cardiopulmonary resuscitation
Electrocardiography | ECG, EKG
Pharmacy |
Pharmacology |
Dispensing |
Clinical pharmacy |
Physiotherapy | physical therapy
Occupational therapy |
Speech and language therapy | speech therapy
Dietetics | nutrition and dietetics
Psychology |
Clinical psychology |
Counselling | counseling
Cognitive behavioural therapy | CBT, cognitive behavioral therapy
Psychotherapy |
Social work |
Dentistry | dental care
Dental nursing |
Dental hygiene |
Orthodontics |
Optometry |
Audiology |
Podiatry |
Paramedic care | paramedicine, pre-hospital care
Emergency medicine |
General practice | primary care
Surgery |
Anaesthesia | anesthesia
Obstetrics and gynaecology | obgyn, obstetrics
Paediatrics | pediatrics
Psychiatry |
Neurology |
Dermatology |
Endocrinology |
Gastroenterology |
Orthopaedics | orthopedics
Urology |
Ophthalmology |
Haematology | hematology
Microbiology |
Pathology |
Immunology |
Virology |
Public health |
Epidemiology |
Health promotion |
Clinical research |
Clinical trials |
Good Clinical Practice | GCP certification
Pharmacovigilance | drug safety
Medical writing |
Regulatory affairs |
Medical coding | clinical coding, ICD-10
Medical billing |
Medical terminology |
Electronic health records | EHR, EMR, electronic medical records
Epic Systems | Epic EHR, !Epic
Cerner | oracle health
SystmOne |
EMIS Web | EMIS
Meditech |
Medical transcription |
Healthcare administration | medical administration
Ward management |
Clinical governance |
Clinical audit |
Care Quality Commission standards | CQC
NHS | national health service
Patient safety |
Discharge planning |
Rehabilitation |
Sterilisation and decontamination | sterile services
Laboratory testing | lab testing
Biomedical science |
Veterinary nursing |
Veterinary medicine | veterinary
Animal care |
Caregiving | carer
Health and social care |
Mental health support | mental health
Substance misuse support | addiction support
Telemedicine | telehealth
Health informatics |
Medical devices |
"""

ENGINEERING = """
Mechanical engineering |
Electrical engineering |
Electronic engineering | electronics
Civil engineering |
Structural engineering |
Chemical engineering |
Process engineering |
Manufacturing engineering |
Industrial engineering |
Aerospace engineering | aeronautical engineering
Automotive engineering |
Marine engineering |
Biomedical engineering |
Environmental engineering |
Geotechnical engineering |
Petroleum engineering |
Mining engineering |
Nuclear engineering |
Systems engineering |
Control engineering | control systems
Software engineering |
Hardware engineering |
Embedded systems | embedded software, firmware
Robotics |
Mechatronics |
Automation engineering | industrial automation
PLC programming | plc, programmable logic controllers
SCADA |
DCS | distributed control systems
HMI design | HMI
Siemens TIA Portal | tia portal, step 7
Allen-Bradley | rslogix, studio 5000
Instrumentation | instrumentation and control, C&I
Power systems | power engineering
Power electronics |
Renewable energy | renewables
Solar energy | solar pv, photovoltaics
Wind energy | wind turbines
Energy efficiency |
Battery technology | batteries
Electric vehicles | EV
High voltage | !HV
Low voltage | !LV
Circuit design |
PCB design | printed circuit board design
Analog design | analogue design
Digital design |
FPGA | fpga design
ASIC | asic design
Signal processing | DSP, digital signal processing
Microcontrollers |
Arduino |
Raspberry Pi |
Internet of Things | IoT
Sensors |
Thermodynamics |
Fluid mechanics | fluid dynamics
Heat transfer |
Stress analysis |
Finite element analysis | FEA, FEM
Computational fluid dynamics | CFD
Vibration analysis |
Materials science | materials engineering
Metallurgy |
Composites | composite materials
Tribology |
Hydraulics |
Pneumatics |
HVAC | heating ventilation and air conditioning
Building services | MEP
Fire protection engineering | fire engineering
Acoustics |
AutoCAD | autodesk autocad
AutoCAD Civil 3D | civil 3d
Autodesk Revit | Revit
Autodesk Inventor | !Inventor
Autodesk Fusion 360 | Fusion 360
SolidWorks |
CATIA |
Siemens NX | unigraphics
PTC Creo | creo, pro/engineer
Rhino 3D | rhinoceros
SketchUp |
MicroStation |
Tekla Structures | tekla
ANSYS | ansys fluent, ansys mechanical
Abaqus |
COMSOL | comsol multiphysics
Simulink |
LTspice | spice
Altium Designer | altium
!Cadence | cadence virtuoso
KiCad |
Eagle PCB | autodesk eagle
ETAP |
PSCAD |
DIgSILENT PowerFactory | powerfactory
Navisworks |
Primavera P6 | primavera, oracle primavera
BIM | building information modelling, building information modeling
CAD | computer-aided design
!CAM | computer-aided manufacturing
CNC programming | cnc
3D printing | additive manufacturing
Injection moulding | injection molding
Sheet metal design |
GD&T | geometric dimensioning and tolerancing
Technical drawing | engineering drawing, drafting
Design for manufacturing | DFM
Root cause analysis | RCA
Failure mode and effects analysis | FMEA
8D problem solving | 8d
Statistical process control | SPC
Lean manufacturing | !lean
Six Sigma |
Kaizen | continuous improvement
5S |
Total productive maintenance | TPM
Kanban manufacturing |
Value stream mapping | VSM
Poka-yoke | error proofing
Production planning |
Quality control | QC
Quality management | quality management systems, QMS
ISO 9001 |
ISO 14001 |
ISO 45001 | ohsas 18001
AS9100 |
IATF 16949 | ts 16949
Advanced product quality planning | APQP
Production part approval process | PPAP
Measurement system analysis | MSA
Metrology |
Non-destructive testing | NDT
Reliability engineering |
Maintenance engineering |
Predictive maintenance | condition monitoring
Asset integrity |
Commissioning |
Site surveys | surveying
Land surveying |
Geomatics |
Geographic information systems | GIS
ArcGIS | esri arcgis
QGIS |
Hydrology |
Water engineering | water treatment
Wastewater treatment |
Transport planning | transportation engineering
Highway engineering | highways design
Railway engineering | rail engineering
Bridge design |
Tunnelling | tunneling
Geology |
Geophysics |
Oil and gas |
Pipeline engineering |
Offshore engineering |
Drilling engineering |
Reservoir engineering |
Telecommunications engineering |
Avionics |
Flight testing |
Aircraft maintenance |
Naval architecture |
Semiconductor manufacturing |
Cleanroom operations | cleanroom
Process safety | HAZOP
Functional safety | IEC 61508, ISO 26262
Hazardous area classification | ATEX
Technical writing | technical documentation
Requirements engineering | requirements management
Verification and validation | V&V
Model-based systems engineering | MBSE, SysML
!DOORS | ibm doors
"""

TRADES = """
Electrical installation | electrician
Electrical maintenance |
Electrical testing and inspection | 18th edition, bs 7671
PAT testing | portable appliance testing
Plumbing | plumber
Gas engineering | gas safe
Heating engineering | boiler installation
Refrigeration |
Air conditioning installation |
Carpentry | carpenter
Joinery | joiner
Bricklaying | bricklayer
Plastering | plasterer
Painting and decorating | decorating, decorator
Tiling | tiler
Roofing | roofer
Scaffolding | scaffolder
Welding | welder
MIG welding |
TIG welding |
Arc welding | stick welding, MMA welding
Fabrication | metal fabrication
Machining | machinist
Lathe operation | !turning
Milling | !milling
Sheet metal work |
Pipefitting | pipe fitting
Steel fixing |
Glazing | glazier
Flooring | floor laying
Landscaping | landscape gardening
Gardening | horticulture
Tree surgery | arboriculture
Groundworks | groundworker
Concrete work | concreting
Demolition |
Drywall installation | drylining
Insulation installation |
Locksmithing | locksmith
Upholstery |
Cabinet making |
Stonemasonry | stone masonry
Masonry |
Mechanical maintenance |
Vehicle maintenance | motor mechanic
Auto mechanics | automotive repair
Diesel mechanics | hgv mechanic
Motorcycle repair |
Auto electrics | vehicle electrics
Panel beating | bodywork
Vehicle painting | spray painting
Tyre fitting | tire fitting
Aircraft engineering |
Forklift operation | forklift, flt licence, forklift licence
Reach truck operation | reach truck
Counterbalance forklift |
Crane operation | crane operator
Excavator operation | 360 excavator
Plant operation | plant operator
Telehandler operation | telehandler
Cherry picker operation | MEWP, IPAF
HGV driving | hgv licence, !class 1, !class 2, lgv
Commercial driving | CDL, commercial driver's license
Van driving | multi-drop delivery
Bus driving | PCV
CSCS card | cscs
CPCS card | cpcs
SMSTS | site management safety training scheme
SSSTS | site supervisor safety training scheme
Working at height |
Confined space working | confined spaces
Asbestos awareness |
Abrasive wheels |
Risk assessments and method statements | !RAMS
Blueprint reading | reading drawings
Hand tools |
Power tools |
Cleaning | cleaner
Commercial cleaning |
Housekeeping |
Window cleaning |
Pest control |
Security guarding | door supervision, SIA licence
CCTV operation | cctv
Facilities management | !FM
Building maintenance | property maintenance
Handyman services | general maintenance
Appliance repair |
Sewing |
Tailoring | !alterations
Hairdressing | hair styling
Barbering | barber
Beauty therapy | beautician
Nail technology | nail technician
Make-up artistry | makeup
Massage therapy |
Printing press operation | print finishing
Butchery | butcher
Baking | baker
"""

LOGISTICS = """
Logistics |
Supply chain management | SCM, supply chain
Procurement | purchasing
Strategic sourcing |
Supplier management | vendor management
Supplier relationship management | SRM
Contract management |
Inventory management | stock management
Demand planning |
Supply planning |
S&OP | sales and operations planning
Materials requirements planning | MRP
Warehouse management | warehousing
Warehouse management systems | WMS
Transportation management | TMS
Fleet management |
Freight forwarding |
Import and export | import/export, international trade
Customs compliance | customs clearance
Incoterms |
!Distribution | distribution management
Last-mile delivery |
Route planning |
Order fulfilment | order fulfillment
Pick and pack | picking and packing
Goods in | !receiving
Despatch | dispatch
Stock taking | stocktaking, cycle counting
Cold chain |
Reverse logistics | returns management
3PL management | third-party logistics
Shipping |
Maritime logistics | shipping operations
Air freight |
Road freight | haulage
Rail freight |
Lean supply chain |
Supply chain analytics |
Manhattan WMS | manhattan associates
Blue Yonder | jda
Kinaxis |
SAP Ariba | Ariba
Oracle SCM |
E-tendering |
Public procurement | OJEU
Supplier negotiation | negotiating supplier contracts
Spend analysis |
Purchase orders | PO processing
Operations management | !operations
Process improvement | business process improvement
"""

HOSPITALITY = """
Customer service | customer care
Customer support |
Call centre operations | call center, contact centre
Complaint handling | complaints resolution
Front of house | FOH
Reception | receptionist
Switchboard operation |
Hospitality management | hospitality
Hotel management |
Food and beverage service | F&B
Restaurant management |
Bar management |
Bartending | bartender, mixology
Barista | coffee making
Waiting tables | waiter, waitress, table service
Cooking | chef skills
Culinary arts |
Pastry | patisserie
Food preparation | food prep
Menu planning |
Food safety | food hygiene, HACCP
Kitchen management |
Catering |
Event planning | event coordination
Wedding planning |
Conference management |
Travel planning | travel management
Tourism |
Tour guiding |
Airline operations | cabin crew
Ticketing |
Reservations | booking systems
Opera PMS | opera property management system
Point of sale | POS, epos
Cash handling | cashier
Retail management | store management
Store operations |
Stock replenishment | shelf stacking
Visual display | window display
Loss prevention |
Personal shopping |
Sommelier | wine knowledge
Housekeeping management |
Concierge |
Guest relations |
Leisure management |
Fitness instruction | personal training
Lifeguarding | lifeguard
Childcare | nursery nurse
Nannying | nanny
"""

PROJECT_MANAGEMENT = """
Project management | !PM
Programme management | program management
Project management office | PMO
Agile | agile methodologies
Scrum |
Kanban |
Lean project management |
Waterfall | waterfall methodology
!SAFe | scaled agile framework
Large-Scale Scrum | LeSS framework
Extreme programming | !XP
PRINCE2 |
Critical path method | CPM
Earned value management | EVM
Stakeholder management |
Risk and issue management | RAID
Resource planning | resource management
Scope management |
Project planning |
Project scheduling | !scheduling
Project delivery |
Project coordination |
Budget forecasting |
Vendor coordination |
Product management |
Product ownership | product owner
Product roadmaps | roadmapping
Product strategy |
Product discovery |
User stories |
Backlog management | backlog grooming, backlog refinement
Requirements gathering | requirements elicitation
Business analysis | !BA
Business process modelling | BPMN, process mapping
Gap analysis |
Feasibility studies |
Business case development | business cases
Cost-benefit analysis |
SWOT analysis |
Strategic planning | !strategy
Business strategy |
Management consulting | consulting
Operational excellence |
Digital transformation |
Transformation programmes | !transformation
Agile coaching |
Scrum master |
Sprint planning |
Retrospectives |
Jira administration |
OKRs | objectives and key results
KPIs | key performance indicators
Balanced scorecard |
Governance |
Policy writing |
Procedure writing | SOPs, standard operating procedures
IT service management | ITSM
ITIL |
ServiceNow |
BMC Remedy | remedy
Zendesk |
Freshdesk |
Help desk support | helpdesk, service desk, IT support
Technical support | tech support
Desktop support |
Hardware troubleshooting | troubleshooting
Software installation |
IT asset management | ITAM
Change control | change advisory board, !CAB
Problem management |
Service level management | SLA management, SLAs
"""

ERP = """
SAP | sap erp
SAP S/4HANA | S/4HANA, s4hana
SAP ECC |
SAP Fiori | Fiori
SAP BW | sap business warehouse, bw/4hana
SAP Basis |
SAP Business One | sap b1
SAP Analytics Cloud | !SAC
Oracle E-Business Suite | oracle ebs
Oracle ERP Cloud | oracle fusion
JD Edwards | jde
PeopleSoft | oracle peoplesoft
Microsoft Dynamics AX | dynamics ax, axapta
Microsoft Dynamics 365 Finance and Operations | d365 f&o, dynamics 365 finance
Microsoft Dynamics 365 Business Central | business central, dynamics nav, navision
Epicor |
Infor | infor m3, infor ln
IFS Applications | !IFS
Sage X3 |
Odoo |
Unit4 | agresso
Workday Financials |
ERP | enterprise resource planning
ERP implementation |
Salesforce Sales Cloud | sales cloud
Salesforce Service Cloud | service cloud
Salesforce Experience Cloud | community cloud
Salesforce Commerce Cloud | demandware
Salesforce CPQ |
Salesforce administration | salesforce admin
Salesforce Lightning | lightning web components, LWC
Visualforce |
MuleSoft | mulesoft anypoint
Tableau CRM | einstein analytics
Veeva CRM | veeva
Siebel CRM | siebel
ServiceNow ITSM |
Pega | pegasystems
Appian |
OutSystems |
Mendix |
UiPath |
Blue Prism |
Automation Anywhere |
Robotic process automation | RPA
Low-code development | low-code, no-code
Boomi | dell boomi
TIBCO |
IBM Integration Bus | app connect enterprise, IIB
Oracle SOA Suite |
Enterprise integration | system integration, EAI
API management | api gateway
"""

SOFT_SKILLS = """
Communication | communication skills, verbal communication, written communication
Leadership | leadership skills
Team leadership | team leading, team lead
People management | line management, staff management
Teamwork | team player, collaboration
Problem solving | problem-solving
Critical thinking |
Analytical skills | analytical thinking
Attention to detail | detail oriented, detail-oriented
Time management |
!Organisation | organisational skills
Prioritisation | prioritization
Multitasking | multi-tasking
Adaptability | flexibility
Creativity | creative thinking
Innovation |
Decision making | decision-making
Conflict resolution | conflict management
Emotional intelligence | !EQ
Empathy |
Active listening | listening skills
Interpersonal skills |
Relationship building |
Presentation skills | public speaking, presenting
Report writing |
Business writing |
Influencing | persuasion
Facilitation | workshop facilitation
Delegation |
!Motivation | self-motivated
Resilience |
Work ethic |
!Initiative | self-starter
Accountability |
Integrity |
Customer focus | customer-focused, customer centric
Commercial awareness | business acumen
Strategic thinking |
Cross-functional collaboration | cross-functional teams
Remote collaboration | remote work
Intercultural communication | cross-cultural communication
Networking skills | professional networking
Numeracy | numerical skills
Literacy |
Research skills | !research
!Planning |
Crisis management |
Stress management | working under pressure
Patience |
Professionalism |
Discretion | confidentiality
Reliability | dependable
Punctuality |
Mentorship |
Team building |
Talent development |
Change leadership |
Executive presence |
Stakeholder engagement |
Diplomacy |
Cultural awareness |
Learning agility | quick learner
Growth mindset |
"""

LEGAL = """
Legal research |
Legal writing | legal drafting
Contract drafting |
Contract law |
Commercial law |
Corporate law | company law
Litigation | dispute resolution
Arbitration |
Mediation |
Intellectual property | IP law
Patent law | patents
Trademark law | trademarks
Copyright law |
Data protection law |
Competition law | antitrust
Banking law | finance law
Real estate law | property law, conveyancing
Family law |
Criminal law | criminal defence
Immigration law |
Tax law |
Private client law | wills and probate, probate
Personal injury law | personal injury
Clinical negligence |
Regulatory law |
Construction law |
Insolvency law | insolvency, !restructuring
Legal compliance |
Corporate governance |
Company secretarial | company secretary, cosec
eDiscovery | e-discovery, electronic discovery
Case management |
Paralegal | paralegal support
Legal administration | legal secretary
Court procedures | court filings
Notary services | notarisation
Legal translation |
Legal due diligence |
Commercial negotiation | negotiating commercial agreements
Licensing agreements | !licensing
Non-disclosure agreements | NDAs
Terms and conditions drafting |
!Relativity | relativity ediscovery
LexisNexis | lexis
Westlaw |
Practical Law |
iManage |
!Clio | clio manage
"""

EDUCATION = """
Teaching | teacher
Lesson planning |
Curriculum development | curriculum design
Classroom management | behaviour management
Differentiated instruction | differentiation
Assessment and feedback | !marking, !assessment
Special educational needs | SEN, SEND
English as a second language teaching | ESL, TEFL, TESOL, CELTA
Early years education | EYFS, early childhood education
Primary education | primary teaching
Secondary education | secondary teaching
Further education | !FE
Higher education | !HE
Tutoring | tutor
Private tuition |
Adult education | adult learning
Academic research |
Academic writing |
Grant writing | grant applications
Peer review |
Pedagogy |
Educational technology | edtech
Moodle |
!Blackboard | blackboard learn
Canvas LMS | !canvas
Google Classroom |
Learning management systems | LMS
Student support | pastoral care
Exam invigilation | invigilation
Phonics |
STEM education |
Music teaching |
Sports coaching | !coach
Physical education | PE teaching
Outdoor education |
Youth work |
School administration |
Educational leadership | school leadership
Safeguarding in education |
Admissions | student recruitment
Careers advice | careers guidance
Library management | librarianship
Archiving | archives
Museum curation | curation
"""

SCIENCE = """
Laboratory skills | lab skills
Good Laboratory Practice | GLP
Good Manufacturing Practice | GMP, cGMP
Good Distribution Practice | !GDP
Analytical chemistry |
Organic chemistry |
Inorganic chemistry |
Physical chemistry |
Biochemistry |
Molecular biology |
Cell biology |
Cell culture | tissue culture
Genetics |
Genomics |
Proteomics |
Bioinformatics |
Computational biology |
Biotechnology | biotech
Microbiological testing |
Immunoassays | ELISA
Polymerase chain reaction | PCR, qPCR
Western blotting | western blot
Flow cytometry | FACS
Next-generation sequencing | NGS
CRISPR | crispr-cas9
Cloning | molecular cloning
Protein purification |
Chromatography |
High-performance liquid chromatography | HPLC
Gas chromatography | GC-MS
Mass spectrometry |
Spectroscopy |
NMR spectroscopy | nmr
Infrared spectroscopy | FTIR
UV-Vis spectroscopy |
X-ray crystallography | crystallography
Electron microscopy | SEM imaging, !TEM
Microscopy | confocal microscopy
Titration |
Sample preparation |
Method development | analytical method development
Method validation |
Stability testing |
Quality control testing |
LIMS | laboratory information management system
Electronic lab notebooks | ELN
Drug discovery |
Drug development |
Formulation | formulation development
Toxicology |
Pharmacokinetics | PK/PD
Medicinal chemistry |
Environmental science |
Ecology |
Environmental monitoring |
Environmental impact assessment | EIA
Sustainability | ESG
Carbon accounting | carbon footprint
Waste management | recycling
Physics |
Mathematics | maths, math
Applied mathematics |
Astronomy | astrophysics
Oceanography |
Meteorology |
Food science | food technology
Agriculture | farming
Agronomy |
Animal husbandry | livestock management
Forestry |
Horticultural science |
"""

ADMIN = """
Office administration | !administration, !admin
Office management |
Executive assistance | executive assistant, !EA
Personal assistance | personal assistant, !PA
Secretarial skills | secretary
Travel booking | travel arrangements
Event logistics |
Meeting coordination |
Stakeholder communication |
!Correspondence |
Invoicing | billing
Purchase ledger |
Sales ledger |
Credit checking |
Data management |
Database management |
CRM administration |
Scheduling appointments | appointment setting
Front desk |
Mailroom | post handling
Facilities coordination |
Property management | lettings
Tenancy management |
Block management |
Real estate |
Estate management |
Valuation surveying |
Quantity surveying | !QS, cost estimating
Building surveying |
Construction management |
Site management | site manager
Construction project management |
Contract administration | JCT, NEC contracts
Estimating | !estimation
Planning permission | town planning
Architectural design | !Architecture
Urban design | urban planning
Landscape architecture |
Health and safety management |
NEBOSH | nebosh general certificate
IOSH | iosh managing safely
Fire safety | fire marshal
Emergency planning |
Security management |
Charity fundraising | fundraising
Volunteer management |
Grant management |
Non-profit management |
Policy analysis | public policy
Public administration |
Local government |
Government relations | public affairs, lobbying
Political campaigning |
International development |
Humanitarian aid |
Journalism | news reporting
Editing | !editor
Publishing |
Content editing |
Broadcasting |
Radio production |
Translation | translator
Interpreting | !interpreter
Subtitling |
Sign language | british sign language, BSL, american sign language, !ASL
Creative writing |
Scriptwriting | screenwriting
Ghostwriting |
Blogging |
"""

# Families the build script multiplies out into real product and certification names.

AWS_SERVICES = """
Amazon EC2 | EC2, elastic compute cloud
Amazon S3 | S3, simple storage service
AWS Lambda | !Lambda
Amazon ECS | ECS, elastic container service
Amazon EKS | EKS, elastic kubernetes service
AWS Fargate | Fargate
Amazon ECR | ECR
Amazon VPC | VPC
Amazon CloudFront | CloudFront
Amazon Route 53 | route53
Elastic Load Balancing | ELB, ALB
Amazon API Gateway |
AWS Step Functions | step functions
Amazon SNS | SNS
Amazon Kinesis | Kinesis
Amazon EMR |
AWS Glue | !Glue
Amazon Athena | !Athena
Amazon QuickSight | QuickSight
AWS Lake Formation |
Amazon OpenSearch Service |
Amazon ElastiCache | ElastiCache
Amazon MSK | managed streaming for kafka
Amazon EventBridge | EventBridge
AWS AppSync | AppSync
AWS Amplify | !Amplify
Amazon Cognito | Cognito
AWS IAM |
AWS KMS | key management service
AWS Secrets Manager |
AWS Systems Manager | SSM
AWS CloudTrail | CloudTrail
Amazon CloudWatch | CloudWatch
AWS Config |
AWS Organizations |
AWS Control Tower | control tower
AWS Security Hub |
Amazon GuardDuty | GuardDuty
AWS WAF |
AWS Shield |
AWS Direct Connect | direct connect
AWS Transit Gateway | transit gateway
AWS Elastic Beanstalk | Elastic Beanstalk
AWS Batch |
AWS CodePipeline | CodePipeline
AWS CodeBuild | CodeBuild
AWS CodeDeploy | CodeDeploy
AWS CodeCommit | CodeCommit
Amazon EFS | EFS
Amazon EBS | EBS
Amazon FSx |
AWS Backup |
AWS DataSync |
AWS Database Migration Service | AWS DMS
Amazon Bedrock | !Bedrock
Amazon Rekognition | Rekognition
Amazon Comprehend |
Amazon Textract | Textract
Amazon Polly |
Amazon Lex |
Amazon Connect |
Amazon SES | simple email service
Amazon Timestream |
Amazon Keyspaces |
Amazon DocumentDB | DocumentDB
AWS IoT Core |
AWS Outposts |
AWS Well-Architected Framework | well-architected
"""

AZURE_SERVICES = """
Azure Functions |
Azure App Service | app service
Azure Kubernetes Service | AKS
Azure Container Instances | ACI
Azure Container Apps |
Azure Virtual Machines | azure vms
Azure Blob Storage | blob storage
Azure Data Lake Storage | ADLS
Azure SQL Database | azure sql
Azure Data Factory | ADF
Azure Databricks |
Azure Stream Analytics |
Azure Event Hubs | event hubs
Azure Service Bus | service bus
Azure Event Grid |
Azure Logic Apps | logic apps
Azure API Management | APIM
Azure Active Directory | Azure AD, Entra ID, microsoft entra
Azure Key Vault | key vault
Azure Monitor |
Azure Application Insights | application insights, app insights
Azure Log Analytics |
Azure Front Door |
Azure Virtual Network | vnet
Azure ExpressRoute | expressroute
Azure Firewall |
Azure Policy |
Azure Cognitive Services | azure ai services
Azure OpenAI Service | azure openai
Azure Cognitive Search | azure ai search
Azure Purview | microsoft purview
Azure Virtual Desktop | AVD, windows virtual desktop
Azure Site Recovery |
Azure Backup |
Azure Arc |
Azure Static Web Apps |
Azure Redis Cache | azure cache for redis
Microsoft Fabric |
"""

GCP_SERVICES = """
Google Compute Engine | compute engine, GCE
Google Kubernetes Engine | GKE
Google Cloud Run | cloud run
Google Cloud Functions | cloud functions
Google App Engine | app engine
Google Cloud Storage | GCS
Google Cloud Pub/Sub | pub/sub, pubsub
Google Cloud Dataflow | !dataflow
Google Cloud Dataproc | dataproc
Google Cloud Composer | cloud composer
Google Cloud Build | cloud build
Google Cloud Armor |
Google Cloud IAM |
Google Cloud Monitoring | stackdriver
Google Cloud Logging |
Google Firebase Hosting | firebase hosting
Google Apigee | Apigee
Google Cloud Vision API |
Google Dialogflow | dialogflow
Google Anthos | anthos
Google Cloud Memorystore | memorystore
Google Dataplex |
Google Cloud Deploy |
"""

SAP_MODULES = """
FI | Financial Accounting
CO | Controlling
MM | Materials Management
SD | Sales and Distribution
PP | Production Planning
QM | Quality Management
PM | Plant Maintenance
WM | Warehouse Management
EWM | Extended Warehouse Management
HCM | Human Capital Management
PS | Project System
TM | Transportation Management
GRC | Governance Risk and Compliance
IBP | Integrated Business Planning
APO | Advanced Planning and Optimization
CRM | Customer Relationship Management
SRM | Supplier Relationship Management
PI/PO | Process Integration
BTP | Business Technology Platform
MDG | Master Data Governance
FICO | Finance and Controlling
"""

# Certifications: (issuer family, names). Real, current or widely held titles.
CERTIFICATIONS = """
AWS Certified Cloud Practitioner | aws ccp
AWS Certified Solutions Architect - Associate | aws saa, aws solutions architect associate
AWS Certified Solutions Architect - Professional | aws sap
AWS Certified Developer - Associate | aws developer associate
AWS Certified SysOps Administrator - Associate | aws sysops
AWS Certified DevOps Engineer - Professional | aws devops professional
AWS Certified Security - Specialty |
AWS Certified Data Engineer - Associate |
AWS Certified Machine Learning - Specialty |
AWS Certified Advanced Networking - Specialty |
Microsoft Certified: Azure Fundamentals | AZ-900
Microsoft Certified: Azure Administrator Associate | AZ-104
Microsoft Certified: Azure Developer Associate | AZ-204
Microsoft Certified: Azure Solutions Architect Expert | AZ-305
Microsoft Certified: DevOps Engineer Expert | AZ-400
Microsoft Certified: Azure Security Engineer Associate | AZ-500
Microsoft Certified: Azure Data Engineer Associate | DP-203
Microsoft Certified: Azure Data Fundamentals | DP-900
Microsoft Certified: Azure AI Fundamentals | AI-900
Microsoft Certified: Azure AI Engineer Associate | AI-102
Microsoft Certified: Power BI Data Analyst Associate | PL-300
Microsoft Certified: Power Platform Fundamentals | PL-900
Microsoft Certified: Security Compliance and Identity Fundamentals | SC-900
Microsoft Certified: Microsoft 365 Fundamentals | MS-900
Microsoft Office Specialist | MOS
Google Cloud Certified Associate Cloud Engineer |
Google Cloud Certified Professional Cloud Architect |
Google Cloud Certified Professional Data Engineer |
Google Cloud Certified Professional Cloud Developer |
Google Cloud Certified Professional Cloud Security Engineer |
Google Cloud Certified Professional Machine Learning Engineer |
Google Analytics Certification | google analytics iq
Google Ads Certification |
Google Project Management Certificate |
Certified Kubernetes Administrator | CKA
Certified Kubernetes Application Developer | CKAD
Certified Kubernetes Security Specialist | CKS
HashiCorp Certified: Terraform Associate | terraform associate
Red Hat Certified System Administrator | RHCSA
Red Hat Certified Engineer | RHCE
Linux Professional Institute Certification | LPIC, LPIC-1
Cisco Certified Network Associate | CCNA
Cisco Certified Network Professional | CCNP
Cisco Certified Internetwork Expert | CCIE
Cisco Certified DevNet Associate | devnet associate
CompTIA A+ | a+ certification
CompTIA Network+ | network+
CompTIA Security+ | security+
CompTIA Linux+ | linux+
CompTIA Cloud+ | cloud+
CompTIA CySA+ | cysa+
CompTIA PenTest+ | pentest+
CompTIA CASP+ | casp+
CompTIA Project+ | project+
CompTIA Data+ | data+
Certified Information Systems Security Professional | CISSP
Certified Cloud Security Professional | CCSP
Systems Security Certified Practitioner | SSCP
Certified Information Systems Auditor | CISA
Certified Information Security Manager | CISM
Certified in Risk and Information Systems Control | CRISC
Certified in the Governance of Enterprise IT | CGEIT
Certified Ethical Hacker | CEH
Offensive Security Certified Professional | OSCP
GIAC Security Essentials | GSEC
GIAC Certified Incident Handler | GCIH
Certified Information Privacy Professional | CIPP, CIPP/E
Project Management Professional | PMP
Certified Associate in Project Management | CAPM
PMI Agile Certified Practitioner | PMI-ACP
Program Management Professional | PgMP
PRINCE2 Foundation | prince2 foundation certificate
PRINCE2 Practitioner |
PRINCE2 Agile |
Managing Successful Programmes | !MSP
APM Project Management Qualification | APM PMQ
Certified ScrumMaster | !CSM
Professional Scrum Master | PSM, PSM I, PSM II
Professional Scrum Product Owner | PSPO
Certified Scrum Product Owner | CSPO
SAFe Agilist | SAFe SA, leading safe
SAFe Scrum Master | SAFe SSM
ITIL 4 Foundation | ITIL Foundation, ITIL v3 foundation
ITIL 4 Managing Professional | ITIL MP
TOGAF | togaf 9, togaf certified
COBIT | cobit 5, cobit 2019
Lean Six Sigma Yellow Belt | six sigma yellow belt
Lean Six Sigma Green Belt | six sigma green belt
Lean Six Sigma Black Belt | six sigma black belt
Certified Business Analysis Professional | CBAP
BCS Business Analysis Diploma | bcs business analysis
ISTQB Advanced Test Analyst |
Salesforce Certified Administrator | salesforce admin certification
Salesforce Certified Advanced Administrator |
Salesforce Certified Platform Developer I | pd1
Salesforce Certified Platform Developer II | pd2
Salesforce Certified Application Architect |
Salesforce Certified Sales Cloud Consultant |
Salesforce Certified Service Cloud Consultant |
Salesforce Certified Marketing Cloud Email Specialist |
HubSpot Inbound Marketing Certification | hubspot inbound certification
HubSpot Content Marketing Certification |
Chartered Financial Analyst | CFA, CFA charterholder
Association of Chartered Certified Accountants | ACCA
Chartered Institute of Management Accountants | CIMA
Certified Public Accountant | CPA
Chartered Accountant | ACA, ICAEW, ICAS
Association of Accounting Technicians | AAT
Chartered Tax Adviser | !CTA
Financial Risk Manager | FRM
Chartered Alternative Investment Analyst | CAIA
Certified Financial Planner | CFP
Certified Internal Auditor | CIA certification
Certified Fraud Examiner | CFE
Certified Management Accountant | CMA
Investment Management Certificate | IMC
Diploma in Regulated Financial Planning | DipPFS
Certificate in Mortgage Advice and Practice | CeMAP
International Compliance Association Diploma | ICA diploma
Certified Anti-Money Laundering Specialist | CAMS
Chartered Insurance Institute Diploma | CII diploma, Dip CII
CIPD Level 3 | cipd foundation
CIPD Level 5 | cipd associate diploma
CIPD Level 7 | cipd advanced diploma
SHRM Certified Professional | SHRM-CP
SHRM Senior Certified Professional | SHRM-SCP
Professional in Human Resources | PHR
Senior Professional in Human Resources | SPHR
Chartered Institute of Procurement and Supply | CIPS, MCIPS
Certified Supply Chain Professional | CSCP
Certified in Production and Inventory Management | CPIM
Chartered Institute of Marketing Diploma | CIM diploma
Certified Data Management Professional | CDMP
Databricks Certified Data Engineer Associate |
Snowflake SnowPro Core Certification | snowpro core
Tableau Desktop Specialist |
Oracle Certified Professional Java SE Programmer | OCP java, OCPJP
Oracle Certified Associate Java SE | OCA java
Oracle Database Administrator Certified Professional | oracle dba ocp
MongoDB Certified Developer |
Zend Certified PHP Engineer |
Unity Certified Developer |
NEBOSH National General Certificate | nebosh certificate
NEBOSH National Diploma | nebosh diploma
IOSH Managing Safely certificate |
Emergency First Aid at Work | EFAW
First Aid at Work certificate | FAW
Food Hygiene Level 2 | level 2 food hygiene
Personal Licence Holder | personal licence, aplh
SIA Door Supervisor Licence | sia door supervisor
IPAF Licence | ipaf card
PASMA | pasma certificate
ECS Card | electrotechnical certification scheme
Gas Safe Registration | gas safe registered
NVQ Level 2 | nvq 2
NVQ Level 3 | nvq 3
City and Guilds | city & guilds
Driver CPC | cpc card
ADR Certificate | adr licence
Registered Nurse licence | NMC registration, NMC PIN
HCPC registration | hcpc registered
Certified Nursing Assistant | CNA
Certified Medical Assistant | CMA medical
Emergency Medical Technician | EMT
Certified Coding Specialist | CCS
Registered Health Information Technician | RHIT
Qualified Teacher Status | QTS
PGCE | postgraduate certificate in education
DBS Check | enhanced dbs, crb check
Certified Professional in Healthcare Quality | CPHQ
"""
