// Key-id knowledge lives in src/aws-key-id.ts, where detection and reports reach it too; the
// AWS code keeps importing it from here.
export { type AccountSource, decodeAccount, keyKind } from '../aws-key-id.js';
