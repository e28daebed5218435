// A git smart-HTTP server for tests: `git http-backend` (the real one, from the git package)
// behind a small Node CGI bridge that demands Basic auth and checks it with a caller-given rule,
// as CodeCommit checks its SigV4-derived passwords. Repositories live under `root`; a request for
// /PREFIX/NAME/... serves root/NAME.
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const BACKEND = '/usr/lib/git-core/git-http-backend';

/** Decides whether Basic-auth credentials may read the repository at `path` (e.g. /v1/repos/x). */
export type CheckAuth = (username: string, password: string, path: string) => boolean;

/** A running server. */
export interface GitHttpServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** Paths requested, with whether they carried valid auth, in order. */
  requests: Array<{ method: string; path: string; authorized: boolean }>;
  close(): Promise<void>;
}

function parseBasic(header: string | undefined): { username: string; password: string } | null {
  if (!header?.startsWith('Basic ')) return null;
  const text = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = text.indexOf(':');
  return colon === -1 ? null : { username: text.slice(0, colon), password: text.slice(colon + 1) };
}

function runBackend(req: IncomingMessage, res: ServerResponse, root: string, pathInfo: string, query: string): void {
  const child = spawn(BACKEND, [], {
    env: {
      PATH: process.env.PATH,
      GIT_PROJECT_ROOT: root,
      GIT_HTTP_EXPORT_ALL: '1',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      PATH_INFO: pathInfo,
      QUERY_STRING: query,
      REQUEST_METHOD: req.method ?? 'GET',
      CONTENT_TYPE: req.headers['content-type'] ?? '',
      REMOTE_USER: 'test',
      REMOTE_ADDR: '127.0.0.1',
      ...(req.headers['content-encoding'] ? { HTTP_CONTENT_ENCODING: String(req.headers['content-encoding']) } : {}),
    },
  });
  req.pipe(child.stdin);
  let head = Buffer.alloc(0);
  let headersDone = false;
  child.stdout.on('data', (chunk: Buffer) => {
    if (headersDone) {
      res.write(chunk);
      return;
    }
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf('\r\n\r\n');
    if (end === -1) return;
    headersDone = true;
    let status = 200;
    for (const line of head.subarray(0, end).toString('latin1').split('\r\n')) {
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).trim();
      const value = line.slice(colon + 1).trim();
      if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10);
      else res.setHeader(name, value);
    }
    res.writeHead(status);
    res.write(head.subarray(end + 4));
  });
  child.stdout.on('end', () => res.end());
  child.on('error', () => {
    res.writeHead(500);
    res.end();
  });
}

/** Starts the server on 127.0.0.1; `prefix` is the URL path before the repository name. */
export async function startGitHttpServer(root: string, checkAuth: CheckAuth, prefix = '/v1/repos'): Promise<GitHttpServer> {
  const requests: GitHttpServer['requests'] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const creds = parseBasic(req.headers.authorization);
    const name = url.pathname.startsWith(`${prefix}/`) ? (url.pathname.slice(prefix.length + 1).split('/')[0] ?? '') : '';
    const repoPath = `${prefix}/${name}`;
    const authorized = creds !== null && checkAuth(creds.username, creds.password, repoPath);
    requests.push({ method: req.method ?? 'GET', path: url.pathname, authorized });
    if (!authorized) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="git"' });
      res.end();
      return;
    }
    runBackend(req, res, root, url.pathname.slice(prefix.length), url.search.slice(1));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
