// Recall fixtures, part 1: env, infrastructure and CI files. Each entry is a path under
// test/fixtures/recall/ and a function that writes the file's text. `plant(family, value, note)`
// records a secret that must be found and returns it; `avoid(family, value, note)` records text
// that must NOT be found (placeholders, references, documentation keys) and returns it.

/** Files of part 1: [path, (secrets, plant, avoid) => text]. */
export const CONFIG_FILES = [
  [
    '.env',
    (s, plant) => `# billing-service: local overrides (this file should never have been committed)
NODE_ENV=production
PORT=8080
LOG_LEVEL=info

AWS_ACCESS_KEY_ID=${plant('aws', s.awsKeyId(), 'key id in .env')}
AWS_SECRET_ACCESS_KEY=${plant('aws', s.awsSecret(), 'secret key in .env, labelled')}
AWS_DEFAULT_REGION=eu-west-1

DATABASE_URL=postgres://billing:${plant('database', s.password(20), 'postgres URL password')}@billing-db.cx3k9qzt1v.eu-west-1.rds.amazonaws.com:5432/billing
REDIS_URL=redis://default:${plant('database', s.password(24), 'redis URL password')}@redis-14321.c1.eu-west-1-1.ec2.cloud.redislabs.com:14321

OPENAI_API_KEY=${plant('openai', s.openaiProject(), 'sk-proj- key, unquoted env value')}
ANTHROPIC_API_KEY=${plant('anthropic', s.anthropic(), 'sk-ant-api03- key')}
STRIPE_API_KEY=${plant('stripe', s.stripeLive('rk_live_'), 'restricted live key')}
STRIPE_WEBHOOK_SECRET=${plant('stripe', s.stripeWebhook(), 'whsec_ webhook signing secret')}
SENDGRID_API_KEY=${plant('sendgrid', s.sendgrid(), 'SG. key')}
MAILGUN_API_KEY=${plant('mailgun', s.mailgun(), 'hex-hex-hex key, vendor name in the variable')}
SENTRY_AUTH_TOKEN=${plant('sentry', s.sentryUserToken(), 'sntryu_ user auth token')}
JWT_SIGNING_SECRET=${plant('generic', s.base64Bytes(48), 'base64 signing secret under a secret-like name')}
FEATURE_FLAGS=new-invoices,fast-refunds
`,
  ],
  [
    '.env.example',
    (_s, _plant, avoid) => `# Copy to .env and fill in. Nothing here is a real value.
AWS_ACCESS_KEY_ID=${avoid('aws', 'AKIAIOSFODNN7EXAMPLE', 'AWS documentation key id')}
AWS_SECRET_ACCESS_KEY=${avoid('aws', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'AWS documentation secret key')}
DATABASE_URL=postgres://user:${avoid('database', 'password', 'placeholder password in a URL')}@localhost:5432/billing
OPENAI_API_KEY=${avoid('openai', '<your-openai-api-key>', 'angle-bracket placeholder')}
STRIPE_API_KEY=${avoid('stripe', 'sk_live_xxxxxxxxxxxxxxxxxxxxxxxx', 'x-filled placeholder with a live prefix')}
SENDGRID_API_KEY=${avoid('sendgrid', `\${SENDGRID_API_KEY}`, 'variable reference')}
JWT_SIGNING_SECRET=${avoid('generic', 'changeme', 'placeholder word')}
`,
  ],
  [
    'README.md',
    (_s, _plant, avoid) => `# billing-service

Set credentials in your shell before running the integration suite:

\`\`\`sh
export AWS_ACCESS_KEY_ID=${avoid('aws', 'AKIAIOSFODNN7EXAMPLE', 'AWS documentation key id in a README')}
export AWS_SECRET_ACCESS_KEY=${avoid('aws', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'AWS documentation secret key in a README')}
export GITHUB_TOKEN=${avoid('github', 'ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'x-filled placeholder token')}
export SLACK_BOT_TOKEN=${avoid('slack', 'xoxb-your-bot-token', 'placeholder bot token')}
\`\`\`
`,
  ],
  [
    'terraform/main.tf',
    (s, plant, avoid) => `terraform {
  required_version = ">= 1.5"
  backend "s3" {
    bucket     = "acme-terraform-state-prod"
    key        = "billing/terraform.tfstate"
    region     = "eu-west-1"
    access_key = "${plant('aws', s.awsKeyId(), 'key id in backend "s3"')}"
    secret_key = "${plant('aws', s.awsSecret(), 'secret_key in backend "s3"')}"
  }
}

provider "aws" {
  region     = "eu-west-1"
  access_key = "${plant('aws', s.awsKeyId(), 'key id in provider "aws"')}"
  secret_key = "${plant('aws', s.awsSecret(), 'secret_key in provider "aws"')}"
}

provider "datadog" {
  api_key = "${plant('datadog', s.hex(32), '32-hex api_key in provider "datadog"')}"
  app_key = "${plant('datadog', s.hex(40), '40-hex app_key in provider "datadog"')}"
}

provider "cloudflare" {
  api_token = "${plant('cloudflare', s.cloudflare(), '40-char api_token in provider "cloudflare"')}"
}

variable "replica_password" {
  type      = string
  sensitive = true
}

resource "aws_db_instance" "billing" {
  identifier          = "billing-prod"
  engine              = "postgres"
  engine_version      = "16.3"
  instance_class      = "db.t4g.medium"
  allocated_storage   = 50
  username            = "billing_admin"
  password            = "${plant('database', s.password(22, '!#%*+'), 'aws_db_instance password')}"
  skip_final_snapshot = true
}

resource "aws_db_instance" "billing_replica" {
  identifier          = "billing-replica"
  replicate_source_db = aws_db_instance.billing.identifier
  instance_class      = "db.t4g.medium"
  password            = ${avoid('database', 'var.replica_password', 'variable reference')}
}
`,
  ],
  [
    '.gitlab-ci.yml',
    (s, plant, avoid) => `stages: [test, build, deploy]

variables:
  DOCKER_DRIVER: overlay2
  GITLAB_API_TOKEN: "${plant('gitlab', s.gitlabPat(), 'glpat- token in CI variables')}"
  DOCKERHUB_USER: acmebuild
  DOCKERHUB_TOKEN: "${plant('docker', s.dockerPat(), 'dckr_pat_ Docker Hub token in CI variables')}"
  SONAR_TOKEN: "${plant('sonarqube', s.sonar(), 'sqp_ SonarQube project token')}"
  CI_REGISTRY_PASSWORD: ${avoid('gitlab', '$CI_JOB_TOKEN', 'predefined CI variable reference')}

test:
  stage: test
  image: python:3.12
  script:
    - pip install --index-url https://ci-reader:${plant('url', s.password(20), 'basic-auth password in a pip index URL')}@pypi.acme-corp.io/simple/ -r requirements.txt
    - pytest -q

build:
  stage: build
  script:
    - docker login -u "$DOCKERHUB_USER" -p "$DOCKERHUB_TOKEN"
    - docker build -t acmebuild/billing:$CI_COMMIT_SHORT_SHA .

deploy:
  stage: deploy
  script:
    - 'curl -X POST -F token=${plant('gitlab', s.gitlabTrigger(), 'glptt- pipeline trigger token in a curl call')} -F ref=main https://gitlab.acme-corp.io/api/v4/projects/42/trigger/pipeline'
`,
  ],
  [
    '.github/workflows/release.yml',
    (s, plant, avoid) => `name: release
on:
  push:
    tags: ['v*']

env:
  NPM_TOKEN: ${plant('npm', s.npmToken(), 'npm_ token in workflow env')}
  GH_TOKEN: ${plant('github', s.githubFineGrained(), 'github_pat_ fine-grained token in workflow env')}
  SLACK_WEBHOOK: ${avoid('slack', `\${{ secrets.SLACK_WEBHOOK }}`, 'GitHub Actions secret reference')}

jobs:
  publish:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - run: echo "//registry.npmjs.org/:_authToken=\${NPM_TOKEN}" > ~/.npmrc
      - run: npm publish --access public
      - run: gh release create "$GITHUB_REF_NAME" --generate-notes
`,
  ],
  [
    'deploy/kubeconfig',
    (s, plant, avoid) => {
      const caData = avoid(
        'kubernetes',
        Buffer.from(s.certPem()).toString('base64'),
        'certificate-authority-data: a public CA certificate',
      );
      const certData = avoid('kubernetes', Buffer.from(s.certPem()).toString('base64'), 'client-certificate-data: a public certificate');
      const keyData = plant('kubernetes', Buffer.from(s.rsaPem()).toString('base64'), 'client-key-data: base64 of a PEM private key');
      return `apiVersion: v1
kind: Config
current-context: prod-admin
clusters:
- cluster:
    certificate-authority-data: ${caData}
    server: https://10.20.0.15:6443
  name: prod
- cluster:
    server: https://4c1e7b2a-9f3d-4e8b-a1c6-2b7d9e0f1a3c.k8s.ondigitalocean.com
  name: do-staging
contexts:
- context: {cluster: prod, user: prod-admin}
  name: prod-admin
- context: {cluster: prod, user: ci-deployer, namespace: ci}
  name: ci
- context: {cluster: do-staging, user: do-staging-admin}
  name: do-staging
users:
- name: prod-admin
  user:
    client-certificate-data: ${certData}
    client-key-data: ${keyData}
- name: ci-deployer
  user:
    token: ${plant('kubernetes', s.serviceAccountJwt(), 'service-account bearer token (JWT)')}
- name: do-staging-admin
  user:
    token: ${plant('digitalocean', s.digitalocean(), 'dop_v1_ token as a kubeconfig bearer token')}
`;
    },
  ],
  [
    'docker-compose.yml',
    (s, plant, avoid) => {
      const rabbit = plant('database', s.password(16), 'RABBITMQ_DEFAULT_PASS, reused in an amqp URL');
      return `services:
  db:
    image: postgres:16
    environment:
      POSTGRES_USER: shop
      POSTGRES_PASSWORD: ${plant('database', s.password(18), 'POSTGRES_PASSWORD, unquoted YAML value')}
      POSTGRES_DB: shop
  mysql:
    image: mysql:8.4
    environment:
      - MYSQL_ROOT_PASSWORD=${plant('database', s.password(18), 'MYSQL_ROOT_PASSWORD in a list-style environment')}
      - MYSQL_PASSWORD=${avoid('database', `\${MYSQL_PASSWORD}`, 'compose variable reference')}
  rabbitmq:
    image: rabbitmq:3-management
    environment:
      RABBITMQ_DEFAULT_USER: shop
      RABBITMQ_DEFAULT_PASS: ${rabbit}
  redis:
    image: redis:7
    command: redis-server --requirepass ${plant('database', s.password(24), 'redis-server --requirepass argument')}
  app:
    build: .
    environment:
      DATABASE_URL: mysql://shop:${plant('database', s.password(18), 'mysql URL password')}@mysql:3306/shop
      AMQP_URL: amqp://shop:${rabbit}@rabbitmq:5672/
    depends_on: [db, mysql, rabbitmq, redis]
`;
    },
  ],
];
