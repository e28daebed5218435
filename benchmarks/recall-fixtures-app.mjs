// Recall fixtures, part 2: application settings (Django, Spring, Node, .NET) and a notebook.
// Same contract as recall-fixtures-config.mjs: plant() must be found, avoid() must not.

// A notebook cell's "source" is a list of lines, each ending in "\n" but the last; JSON.stringify
// then escapes the quotes, so secrets sit inside escaped JSON strings as they do in real .ipynb files.
function makeNotebook(cells) {
  const toCell = ([type, text], i) => {
    const lines = text.split('\n');
    const source = lines.map((l, j) => (j < lines.length - 1 ? `${l}\n` : l));
    if (type === 'markdown') return { cell_type: 'markdown', id: `c${i}`, metadata: {}, source };
    return { cell_type: 'code', execution_count: i, id: `c${i}`, metadata: {}, outputs: [], source };
  };
  const notebook = {
    cells: cells.map(toCell),
    metadata: {
      kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' },
      language_info: { name: 'python', version: '3.11.6' },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
  return `${JSON.stringify(notebook, null, 1)}\n`;
}

/** Files of part 2: [path, (secrets, plant, avoid) => text]. */
export const APP_FILES = [
  [
    'shop/settings.py',
    (s, plant, avoid) => `"""Django settings for shop (production)."""
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = '${plant('generic', s.djangoSecret(), 'Django SECRET_KEY (50 chars of the get_random_secret_key alphabet)')}'
DEBUG = False
ALLOWED_HOSTS = ['shop.acme-corp.io']

DATABASES = {
    'default': {
        'ENGINE': 'django.db.backends.postgresql',
        'NAME': 'shop',
        'USER': 'shop_app',
        'PASSWORD': '${plant('database', s.password(20, '!#%^*'), 'Django DATABASES PASSWORD')}',
        'HOST': 'shop-db.internal.acme-corp.io',
        'PORT': '5432',
    }
}

EMAIL_BACKEND = 'django.core.mail.backends.smtp.EmailBackend'
EMAIL_HOST = 'smtp.office365.com'
EMAIL_PORT = 587
EMAIL_USE_TLS = True
EMAIL_HOST_USER = 'noreply@acme-corp.io'
EMAIL_HOST_PASSWORD = '${plant('generic', s.password(16, '!#%'), 'Django EMAIL_HOST_PASSWORD')}'

SOCIAL_AUTH_GOOGLE_OAUTH2_KEY = '${s.digits(12)}-${s.chars(32, '0123456789abcdefghijklmnopqrstuv')}.apps.googleusercontent.com'
SOCIAL_AUTH_GOOGLE_OAUTH2_SECRET = '${plant('google', s.googleOauthSecret(), 'GOCSPX- OAuth client secret')}'

SENTRY_DSN = '${plant('sentry', s.sentryDsn(), 'Sentry DSN (its key is public-ish, but the issue lists it)')}'
STRIPE_SECRET_KEY = '${plant('stripe', s.stripeLive(), 'sk_live_ secret key')}'
STRIPE_PUBLISHABLE_KEY = 'pk_live_51${s.chars(97, '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz')}'

AWS_STORAGE_BUCKET_NAME = 'acme-shop-media'
AWS_SECRET_ACCESS_KEY = ${avoid('aws', 'os.environ.get("AWS_SECRET_ACCESS_KEY")', 'read from the environment')}
`,
  ],
  [
    'notebooks/churn-exploration.ipynb',
    (s, plant, avoid) =>
      makeNotebook([
        ['markdown', '# Churn exploration\nPull last quarter from the warehouse and ask the model for segments.'],
        ['code', 'import os\nimport openai\nimport pandas as pd\nfrom sqlalchemy import create_engine'],
        ['code', `openai.api_key = "${plant('openai', s.openaiProject(), 'sk-proj- key inside an escaped JSON string')}"`],
        ['code', `# openai.api_key = ${avoid('openai', "os.getenv('OPENAI_API_KEY')", 'environment lookup')}`],
        [
          'code',
          `engine = create_engine("postgresql+psycopg2://analyst:${plant('database', s.password(18), 'SQLAlchemy URL with a driver suffix (postgresql+psycopg2://)')}@warehouse.acme-corp.io:5432/dwh")\ndf = pd.read_sql("select * from churn_q3", engine)`,
        ],
        ['code', `os.environ["HF_TOKEN"] = "${plant('huggingface', s.huggingface(), 'hf_ token')}"`],
        [
          'code',
          `import anthropic\nclient = anthropic.Anthropic(api_key="${plant('anthropic', s.anthropic(), 'sk-ant-api03- key as a keyword argument')}")`,
        ],
        ['code', `import googlemaps\ngmaps = googlemaps.Client(key="${plant('google', s.googleApiKey(), 'AIza API key')}")`],
      ]),
  ],
  [
    'src/main/resources/application.properties',
    (s, plant, avoid) => `spring.application.name=orders
server.port=8080

spring.datasource.url=jdbc:postgresql://orders-db.acme-corp.io:5432/orders
spring.datasource.username=orders_app
spring.datasource.password=${plant('database', s.password(20), 'spring.datasource.password')}
spring.datasource.hikari.maximum-pool-size=20

reporting.datasource.url=jdbc:mysql://reporting-db.acme-corp.io:3306/reports?user=reporter&password=${plant('database', s.password(18), 'JDBC URL with a password= query parameter')}&useSSL=true
warehouse.datasource.url=jdbc:sqlserver://dwh.acme-corp.io:1433;databaseName=dwh;user=etl;password=${plant('database', s.password(18), 'SQL Server JDBC URL with ;password=')};encrypt=true
legacy.datasource.password=${avoid('database', `\${LEGACY_DB_PASSWORD}`, 'Spring placeholder')}

spring.mail.host=smtp.gmail.com
spring.mail.port=587
spring.mail.username=alerts@acme-corp.io
spring.mail.password=${plant('generic', s.chars(16, 'abcdefghijklmnopqrstuvwxyz'), 'spring.mail.password: a 16-letter Gmail app password')}
spring.mail.properties.mail.smtp.starttls.enable=true
`,
  ],
  [
    'server/config.js',
    (s, plant, avoid) => `'use strict';

// Service configuration. TODO: move these to the secrets manager.
module.exports = {
  port: Number(process.env.PORT || 3000),
  slack: {
    botToken: '${plant('slack', s.slackBot(), 'xoxb- bot token')}',
    webhookUrl: '${plant('slack', s.slackWebhook(), 'incoming webhook URL')}',
    channel: '#orders-alerts',
  },
  github: {
    token: '${plant('github', s.githubToken(), 'ghp_ classic token with a valid checksum')}',
    repo: 'acme-corp/orders',
  },
  twilio: {
    accountSid: '${s.twilioSid('AC')}',
    authToken: '${plant('twilio', s.hex(32), '32-hex auth token in a twilio block')}',
    apiKey: '${s.twilioSid('SK')}',
    apiSecret: '${plant('twilio', s.chars(32, '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'), 'API key secret next to its SK sid')}',
    from: '+15005550006',
  },
  sendgrid: { apiKey: '${plant('sendgrid', s.sendgrid(), 'SG. key in a JS object')}' },
  mongo: {
    uri: 'mongodb+srv://orders-api:${plant('database', s.password(20), 'mongodb+srv URL password')}@cluster0.x7k2p.mongodb.net/orders?retryWrites=true&w=majority',
  },
  partnerFeed: 'https://svc-feed:${plant('url', s.password(16), 'basic-auth password in an https URL')}@feeds.partner-net.io/v2/catalog',
  mailchimp: { apiKey: '${plant('mailchimp', s.mailchimp(), '32-hex-usN key')}', list: 'a1b2c3d4e5' },
  shopify: { accessToken: '${plant('shopify', s.shopify(), 'shpat_ admin API token')}', shop: 'acme-corp.myshopify.com' },
  segment: { writeKey: '${avoid('generic', 'your_api_key_here', 'placeholder wording')}' },
};
`,
  ],
  [
    'web.config',
    (s, plant, avoid) => `<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <connectionStrings>
    <add name="ShopDb" connectionString="Server=tcp:shop-sql.database.windows.net,1433;Initial Catalog=Shop;Persist Security Info=False;User ID=shopadmin;Password=${plant('database', s.password(20), 'ADO.NET connection string Password=')};MultipleActiveResultSets=False;Encrypt=True;TrustServerCertificate=False;Connection Timeout=30;" providerName="System.Data.SqlClient" />
  </connectionStrings>
  <appSettings>
    <add key="StorageConnectionString" value="DefaultEndpointsProtocol=https;AccountName=shopassets;AccountKey=${plant('azure', s.azureStorageKey(), 'storage account key in a connection string')};EndpointSuffix=core.windows.net" />
    <add key="SmtpPassword" value="${plant('generic', s.password(16, '!#%'), 'password in value= with the name in key=')}" />
    <add key="PaymentApiKey" value="${avoid('generic', '#{PaymentApiKey}#', 'Octopus Deploy substitution token')}" />
  </appSettings>
  <system.web>
    <compilation debug="false" targetFramework="4.8" />
  </system.web>
</configuration>
`,
  ],
  [
    'appsettings.json',
    (s, plant, avoid) =>
      `${JSON.stringify(
        {
          Logging: { LogLevel: { Default: 'Information' } },
          ConnectionStrings: {
            Orders: `Data Source=sql-prod-01;Initial Catalog=Orders;User Id=orders_svc;Password=${plant('database', s.password(18), 'ADO.NET Password= in appsettings.json')};`,
            ServiceBus: `Endpoint=sb://acme-orders.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${plant('azure', s.azureSasKey(), 'Service Bus SharedAccessKey')}`,
            Cosmos: `AccountEndpoint=https://acme-orders.documents.azure.com:443/;AccountKey=${plant('azure', s.azureStorageKey(), 'Cosmos DB AccountKey')};`,
            Local: avoid('database', 'Server=sql-dev-01;Database=Orders;Trusted_Connection=True;', 'integrated security, no password'),
          },
          AzureAd: {
            Instance: 'https://login.microsoftonline.com/',
            TenantId: s.uuid(),
            ClientId: s.uuid(),
            ClientSecret: plant('azure', s.azureClientSecret(), 'Entra ID (Azure AD) client secret, 8Q~ format'),
          },
        },
        null,
        2,
      )}\n`,
  ],
];
