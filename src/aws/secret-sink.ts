// Where a replacement key's secret goes (`revoke --rotate --secret-sink`): AWS Secrets Manager,
// one secret per user (`secretsmanager://PREFIX` stores `PREFIX/ACCOUNT/USER`, created or given
// a new version), in the caller's own account. Never stdout.
import { CreateSecretCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { clientSettings } from './clients.js';
import type { OwnerLookupOptions } from './key-owner.js';
import type { SecretSink } from './revoke.js';

/** A sink writing to Secrets Manager under `prefix`. */
export function secretsManagerSink(prefix: string, options: OwnerLookupOptions): SecretSink {
  return async (secret) => {
    const client = new SecretsManagerClient(clientSettings(options.region, options));
    const name = `${prefix.replace(/\/+$/, '')}/${secret.account}/${secret.user}`;
    const value = JSON.stringify({ ...secret, created: new Date().toISOString() });
    try {
      try {
        await client.send(new CreateSecretCommand({ Name: name, SecretString: value, Description: `AWS access key ${secret.accessKeyId}, replacing ${secret.replaces} (credsweep revoke --rotate)` }));
      } catch (err) {
        if ((err as { name?: string }).name !== 'ResourceExistsException') throw err;
        await client.send(new PutSecretValueCommand({ SecretId: name, SecretString: value }));
      }
      return `secretsmanager://${name}`;
    } finally {
      client.destroy();
    }
  };
}
