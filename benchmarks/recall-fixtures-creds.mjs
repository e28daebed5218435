// Recall fixtures, part 3: credential files as tools write them (AWS CLI, IAM console download,
// docker login, npm, netrc, twine, ssh-keygen, a GCP key file). Same contract as
// recall-fixtures-config.mjs: plant() must be found, avoid() must not.

const basicAuth = (user, password) => Buffer.from(`${user}:${password}`).toString('base64');

/** Files of part 3: [path, (secrets, plant, avoid) => text]. */
export const CREDENTIAL_FILES = [
  [
    '.aws/credentials',
    (s, plant) => `[default]
aws_access_key_id = ${plant('aws', s.awsKeyId(), 'key id in ~/.aws/credentials')}
aws_secret_access_key = ${plant('aws', s.awsSecret(), 'secret key in ~/.aws/credentials')}

[prod-admin-session]
aws_access_key_id = ${plant('aws', s.awsKeyId('ASIA'), 'temporary (ASIA) key id')}
aws_secret_access_key = ${plant('aws', s.awsSecret(), 'temporary secret key')}
aws_session_token = ${plant('aws', s.awsSessionToken(), 'STS session token')}
region = us-east-1
`,
  ],
  [
    // The IAM console download: the secret has no label on its line, only a CSV header above it,
    // so it can be found only by pairing it with the key id beside it.
    'credentials.csv',
    (s, plant) => `User name,Password,Access key ID,Secret access key,Console login link
ci-deploy,,${plant('aws', s.awsKeyId(), 'key id in the IAM credentials.csv download')},${plant('aws', s.awsSecret(), 'unlabelled secret in credentials.csv: found only by pairing')},https://${s.digits(12)}.signin.aws.amazon.com/console
`,
  ],
  [
    'docker-config.json',
    (s, plant) =>
      `${JSON.stringify(
        {
          auths: {
            'https://index.docker.io/v1/': {
              auth: plant('docker', basicAuth('acmebuild', s.dockerPat()), 'base64 user:dckr_pat_ in auths (docker login)'),
            },
            'registry.acme-corp.io': {
              auth: plant('docker', basicAuth('deployer', s.password(20)), 'base64 user:password for a private registry'),
            },
          },
          HttpHeaders: { 'User-Agent': 'Docker-Client/24.0.7 (linux)' },
        },
        null,
        '\t',
      )}\n`,
  ],
  [
    '.npmrc',
    (s, plant, avoid) => `registry=https://registry.npmjs.org/
@acme:registry=https://npm.pkg.github.com/
//registry.npmjs.org/:_authToken=${plant('npm', s.npmToken(), 'npm_ token in .npmrc')}
//npm.pkg.github.com/:_authToken=${plant('github', s.githubToken(), 'ghp_ token for GitHub Packages in .npmrc')}
//nexus.acme-corp.io/repository/npm-private/:_auth=${plant('npm', basicAuth('ci', s.password(18)), 'base64 user:password _auth for a private registry')}
//nexus.acme-corp.io/repository/npm-private/:always-auth=true
//npm.fontawesome.com/:_authToken=${avoid('npm', `\${FONTAWESOME_NPM_AUTH_TOKEN}`, 'environment reference')}
`,
  ],
  [
    '.netrc',
    (s, plant) => {
      const heroku = plant('heroku', s.heroku(), 'HRKU- token written by `heroku login` (twice, as the CLI does)');
      return `machine api.heroku.com
  login ops@acme-corp.io
  password ${heroku}
machine git.heroku.com
  login ops@acme-corp.io
  password ${heroku}
machine github.com login ci-bot password ${plant('github', s.githubToken(), 'ghp_ token as a netrc password')}
machine ftp.acme-corp.io
  login backup
  password ${plant('netrc', s.password(16), 'plain password of a netrc machine entry')}
`;
    },
  ],
  [
    '.pypirc',
    (s, plant) => `[distutils]
index-servers =
    pypi
    testpypi
    acme

[pypi]
username = __token__
password = ${plant('pypi', s.pypi(), 'pypi- upload token')}

[testpypi]
repository = https://test.pypi.org/legacy/
username = __token__
password = ${plant('pypi', s.pypi('AgENdGVzdC5weXBpLm9yZw'), 'pypi- token for test.pypi.org')}

[acme]
repository = https://pypi.acme-corp.io/
username = uploader
password = ${plant('pypi', s.password(18), 'plain password of a private index in .pypirc')}
`,
  ],
  ['keys/id_rsa', (s, plant) => plant('privatekey', s.rsaPem(), 'PKCS#1 RSA key file (ssh-keygen -m PEM)')],
  ['keys/id_ed25519', (s, plant) => plant('privatekey', s.opensshEd25519(), 'OpenSSH ed25519 key file')],
  [
    'gcp-service-account.json',
    (s, plant) => {
      const pem = s.pkcs8Pem();
      const text = `${JSON.stringify(
        {
          type: 'service_account',
          project_id: 'acme-analytics-prod',
          private_key_id: plant('google', s.hex(40), 'service-account private_key_id'),
          private_key: pem,
          client_email: 'etl-runner@acme-analytics-prod.iam.gserviceaccount.com',
          client_id: s.digits(21),
          auth_uri: 'https://accounts.google.com/o/oauth2/auth',
          token_uri: 'https://oauth2.googleapis.com/token',
          auth_provider_x509_cert_url: 'https://www.googleapis.com/oauth2/v1/certs',
          client_x509_cert_url:
            'https://www.googleapis.com/robot/v1/metadata/x509/etl-runner%40acme-analytics-prod.iam.gserviceaccount.com',
          universe_domain: 'googleapis.com',
        },
        null,
        2,
      )}\n`;
      // The key as it sits in the file: a JSON string, line breaks escaped as \n.
      plant('privatekey', JSON.stringify(pem.trimEnd()).slice(1, -1), 'PKCS#8 key inside JSON, \\n-escaped');
      return text;
    },
  ],
  [
    // PuTTYgen's format: the private lines (line 8 here) are the secret, not the header.
    'keys/deploy.ppk',
    (s, plant) => `PuTTY-User-Key-File-3: ssh-ed25519
Encryption: none
Comment: deploy@build-07
Public-Lines: 2
${s.pemBody('AAAAC3NzaC1lZDI1NTE5AAAAI', 51)}
Private-Lines: 1
${plant('privatekey', s.pemBody('AAAAI', 36), 'PuTTY .ppk private lines, unencrypted')}
Private-MAC: ${s.hex(64)}
`,
  ],
];
