// Where a replacement key's secret goes (`revoke --rotate --secret-sink`), never stdout:
// AWS Secrets Manager, one secret per user (`secretsmanager://PREFIX` stores
// `PREFIX/ACCOUNT/USER`, whose current version is the user's current key), in the caller's own
// account; or a file of JSON lines, mode 0600. Both are checked writable before any IAM change.
import { CreateSecretCommand, DescribeSecretCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { awsErrorText } from './aws-error.js';
import { clientSettings } from './clients.js';
import type { OwnerLookupOptions } from './key-owner.js';
import type { NewSecret, SecretSink } from './revoke.js';

const errName = (err: unknown) => (err as { name?: string }).name ?? '';

/** A sink writing to Secrets Manager under `prefix`. */
export function secretsManagerSink(prefix: string, options: OwnerLookupOptions): SecretSink {
  const nameOf = (account: string, user: string) => `${prefix.replace(/\/+$/, '')}/${account}/${user}`;
  const client = () => new SecretsManagerClient(clientSettings(options.region, options));
  return {
    // A secret that exists must be readable; one that does not is created now without a value,
    // which proves the right to create it and stores nothing.
    async check(users) {
      const sm = client();
      try {
        for (const { account, user } of users) {
          const name = nameOf(account, user);
          try {
            await sm.send(new DescribeSecretCommand({ SecretId: name }));
          } catch (err) {
            if (errName(err) !== 'ResourceNotFoundException') throw new Error(`secret ${name}: ${awsErrorText(err)}`);
            await sm
              .send(new CreateSecretCommand({ Name: name, Description: `AWS access key of IAM user ${user} (credsweep revoke --rotate)` }))
              .catch((e: unknown) => {
                throw new Error(`secret ${name} cannot be created: ${awsErrorText(e)}`);
              });
          }
        }
      } finally {
        sm.destroy();
      }
    },
    async store(secret, audit) {
      const sm = client();
      const name = nameOf(secret.account, secret.user);
      const value = JSON.stringify({ ...secret, created: new Date().toISOString() });
      const base = { account: secret.account, user: secret.user, keyId: secret.accessKeyId, replaces: secret.replaces };
      try {
        // Put a new version; a user's first replacement creates the secret instead.
        let written: {
          action: 'secretsmanager:PutSecretValue' | 'secretsmanager:CreateSecret';
          out: { VersionId?: string; $metadata: { requestId?: string } };
        };
        try {
          written = {
            action: 'secretsmanager:PutSecretValue',
            out: await sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: value })),
          };
        } catch (err) {
          if (errName(err) !== 'ResourceNotFoundException') throw err;
          written = {
            action: 'secretsmanager:CreateSecret',
            out: await sm.send(new CreateSecretCommand({ Name: name, SecretString: value })),
          };
        }
        await audit({
          ...base,
          action: written.action,
          secret: { name, versionId: written.out.VersionId ?? null },
          requestId: written.out.$metadata.requestId ?? null,
          result: 'ok',
        });
        return `secretsmanager://${name}`;
      } finally {
        sm.destroy();
      }
    },
  };
}

// Appends without following a link; a file created here is 0600, an existing one is not chmod-ed.
async function appendLine(file: string, line: string): Promise<void> {
  const handle = await open(file, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW, 0o600);
  try {
    if (!(await handle.stat()).isFile()) throw new Error(`${file} is not a regular file`);
    await handle.appendFile(line);
  } finally {
    await handle.close();
  }
}

/** A sink appending one JSON line per new key to `file`. */
export function fileSink(file: string): SecretSink {
  return {
    check: () => appendLine(file, ''),
    async store(secret: NewSecret, audit) {
      await appendLine(file, `${JSON.stringify({ ...secret, created: new Date().toISOString() })}\n`);
      await audit({
        account: secret.account,
        user: secret.user,
        keyId: secret.accessKeyId,
        replaces: secret.replaces,
        action: 'file:append',
        secret: { name: file, versionId: null },
        requestId: null,
        result: 'ok',
      });
      return file;
    },
  };
}
