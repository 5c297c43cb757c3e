// scripts/pr-comment.ts against a local HTTP server on 127.0.0.1 that imitates
// the two GitHub REST endpoints it uses: list/create a pull request's issue
// comments (paged, with Link headers) and edit a comment. Failures are injected
// per request. The command runs in-process (main(), what the command line
// runs), and as CI runs it (tsx, token in GITHUB_TOKEN) where what reaches the
// real stdout and stderr matters: the first post and a rejected token.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { COMMENT_LIMIT, MARKER, commentBody, main } from '../pr-comment.ts';
import { repoRoot } from '../services.ts';

const TOKEN = 'ghs_test0123456789abcdefSECRETtoken';
const OWNER = 'acme';
const REPO = 'huaweicloud-openapi';
const PR = 42;

interface Comment {
  id: number;
  body: string;
  user: { login: string };
  html_url: string;
}

interface Injected {
  method: string;
  path: RegExp;
  status: number;
  times: number;
  /** Carry the request out, then answer with the failure anyway (a 5xx after GitHub stored it). */
  afterApplying?: boolean;
}

/** An in-memory imitation of the GitHub issue-comments API. */
class FakeGitHub {
  comments: Comment[] = [];
  calls: string[] = [];
  failures: Injected[] = [];
  /** Host to put in Link headers (to test that foreign links are not followed). */
  linkOrigin?: string;
  private nextId = 1000;
  private server: Server = createServer((request, response) => void this.handle(request, response));
  origin = '';

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  reset(): void {
    this.comments = [];
    this.calls = [];
    this.failures = [];
    this.linkOrigin = undefined;
  }

  seed(count: number): void {
    for (let i = 0; i < count; i += 1) this.add(`comment ${i + 1} from a reviewer`, i % 3 === 0 ? 'github-actions[bot]' : `reviewer${i % 7}`);
  }

  add(body: string, login: string): Comment {
    const id = this.nextId++;
    const comment = { id, body, user: { login }, html_url: `https://github.com/${OWNER}/${REPO}/pull/${PR}#issuecomment-${id}` };
    this.comments.push(comment);
    return comment;
  }

  marked(): Comment[] {
    return this.comments.filter((comment) => comment.body.includes(MARKER));
  }

  private send(response: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
    response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    response.end(JSON.stringify(payload));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const url = new URL(request.url ?? '/', this.origin);
    const method = request.method ?? 'GET';
    this.calls.push(`${method} ${url.pathname}${url.search}`);
    if (request.headers.authorization !== `Bearer ${TOKEN}`) return this.send(response, 401, { message: 'Bad credentials' });
    const failure = this.failures.find((f) => f.times > 0 && f.method === method && f.path.test(`${url.pathname}${url.search}`));
    if (failure && !failure.afterApplying) {
      failure.times -= 1;
      const message = failure.status === 403 ? 'Resource not accessible by integration' : 'Server Error';
      return this.send(response, failure.status, { message });
    }
    const list = new RegExp(`^/repos/${OWNER}/${REPO}/issues/(\\d+)/comments$`).exec(url.pathname);
    const edit = new RegExp(`^/repos/${OWNER}/${REPO}/issues/comments/(\\d+)$`).exec(url.pathname);
    if (list && Number(list[1]) !== PR) return this.send(response, 404, { message: 'Not Found' });
    if (list && method === 'GET') {
      const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 30), 100);
      const page = Number(url.searchParams.get('page') ?? 1);
      const last = Math.max(1, Math.ceil(this.comments.length / perPage));
      const links: string[] = [];
      const at = (p: number) => `<${this.linkOrigin ?? this.origin}${url.pathname}?per_page=${perPage}&page=${p}>`;
      if (page < last) links.push(`${at(page + 1)}; rel="next"`, `${at(last)}; rel="last"`);
      if (page > 1) links.push(`${at(1)}; rel="first"`, `${at(page - 1)}; rel="prev"`);
      return this.send(response, 200, this.comments.slice((page - 1) * perPage, page * perPage), links.length ? { link: links.join(', ') } : {});
    }
    const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { body?: unknown }).body : undefined;
    if (typeof body !== 'string' && (method === 'POST' || method === 'PATCH')) return this.send(response, 422, { message: 'body is missing' });
    if (body !== undefined && String(body).length > COMMENT_LIMIT) return this.send(response, 422, { message: 'Body is too long (maximum is 65536 characters)' });
    if (list && method === 'POST') {
      const created = this.add(String(body), 'github-actions[bot]');
      if (failure?.afterApplying) {
        failure.times -= 1;
        return this.send(response, failure.status, { message: 'Server Error' });
      }
      return this.send(response, 201, created);
    }
    if (edit && method === 'PATCH') {
      const comment = this.comments.find((c) => c.id === Number(edit[1]));
      if (!comment) return this.send(response, 404, { message: 'Not Found' });
      comment.body = String(body);
      return this.send(response, 200, comment);
    }
    return this.send(response, 404, { message: 'Not Found' });
  }
}

const github = new FakeGitHub();
let work: string;
const outputs: string[] = [];

beforeAll(async () => {
  await github.start();
  work = await mkdtemp(path.join(tmpdir(), 'pr-comment-'));
});
afterAll(async () => {
  await github.stop();
  await rm(work, { recursive: true, force: true });
  // Whatever happened, the token never reached stdout or stderr.
  expect(outputs.length).toBeGreaterThan(0);
  for (const output of outputs) expect(output).not.toContain(TOKEN);
});
beforeEach(() => github.reset());
afterEach(() => {
  for (const output of outputs) expect(output).not.toContain(TOKEN);
});

/**
 * Runs the command on `report` against the fake GitHub: in-process by default
 * (main() is what the command line runs), or with `cli`, as CI runs it (tsx,
 * the token in the child's environment, what it prints read from its real
 * stdout and stderr).
 */
async function run(report: string, extra: string[] = [], env: Record<string, string> = {}, cli = false): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const file = path.join(work, `report-${Math.random().toString(36).slice(2)}.md`);
  await writeFile(file, report);
  const args = ['--report', file, '--pr', String(PR), '--repo', `${OWNER}/${REPO}`, '--api-url', github.origin, '--retry-delay', '20', ...extra];
  const environment = { ...process.env, GITHUB_TOKEN: TOKEN, ...env };
  let result: { code: number | null; stdout: string; stderr: string };
  if (cli) {
    const child = spawn(path.join(repoRoot, 'node_modules', '.bin', 'tsx'), [path.join(repoRoot, 'scripts', 'pr-comment.ts'), ...args], {
      env: environment,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    result = { code, stdout, stderr };
  } else {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const code = await main(args, environment, { log: (line) => stdout.push(`${line}\n`), error: (line) => stderr.push(`${line}\n`) });
    result = { code, stdout: stdout.join(''), stderr: stderr.join('') };
  }
  outputs.push(result.stdout, result.stderr);
  return result;
}

const REPORT_1 = '## Contract changes against `main`\n\n### live: changed, **1 breaking**\n\nResult: FAILED.\n';
const REPORT_2 = '## Contract changes against `main`\n\n### live: changed, 1 breaking — covered by a pending major changeset\n\nResult: OK.\n';
const listPath = `/repos/${OWNER}/${REPO}/issues/${PR}/comments`;

describe('sticky comment', () => {
  test('creates the comment after paging through 250 others, then updates it in place', async () => {
    github.seed(250);
    const first = await run(REPORT_1, [], {}, true); // on the command line, as CI runs it
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(github.calls).toEqual([
      `GET ${listPath}?per_page=100&page=1`,
      `GET ${listPath}?per_page=100&page=2`,
      `GET ${listPath}?per_page=100&page=3`,
      `POST ${listPath}`,
    ]);
    expect(github.marked()).toHaveLength(1);
    const [created] = github.marked();
    expect(created!.body).toBe(`${MARKER}\n${REPORT_1.trimEnd()}\n`);
    expect(github.comments.indexOf(created!)).toBe(250); // the 251st: on page 3
    expect(first.stdout).toContain(`created comment ${created!.id} on ${OWNER}/${REPO}#${PR}`);

    github.calls = [];
    const second = await run(REPORT_2);
    expect(second.code).toBe(0);
    expect(github.calls).toEqual([
      `GET ${listPath}?per_page=100&page=1`,
      `GET ${listPath}?per_page=100&page=2`,
      `GET ${listPath}?per_page=100&page=3`,
      `PATCH /repos/${OWNER}/${REPO}/issues/comments/${created!.id}`,
    ]);
    expect(github.comments).toHaveLength(251);
    expect(github.marked()).toHaveLength(1);
    expect(github.marked()[0]!.id).toBe(created!.id);
    expect(github.marked()[0]!.body).toBe(`${MARKER}\n${REPORT_2.trimEnd()}\n`);
    expect(second.stdout).toContain(`updated comment ${created!.id}`);
  });

  test('stops paging at the page holding the marked comment', async () => {
    github.seed(120);
    const mine = github.add(`${MARKER}\nold report`, 'github-actions[bot]');
    github.seed(150);
    expect((await run(REPORT_1)).code).toBe(0);
    expect(github.calls).toEqual([`GET ${listPath}?per_page=100&page=1`, `GET ${listPath}?per_page=100&page=2`, `PATCH /repos/${OWNER}/${REPO}/issues/comments/${mine.id}`]);
    expect(github.marked()).toHaveLength(1);
  });

  test('--author ignores a marked comment written by someone else', async () => {
    const planted = github.add(`${MARKER}\nnot the bot's`, 'mallory');
    expect((await run(REPORT_1, ['--author', 'github-actions[bot]'])).code).toBe(0);
    expect(planted.body).toBe(`${MARKER}\nnot the bot's`);
    expect(github.marked()).toHaveLength(2);
    expect(github.calls.at(-1)).toBe(`POST ${listPath}`);
  });

  test('does not follow a Link header to another host with the token', async () => {
    github.seed(150);
    github.linkOrigin = 'http://127.0.0.2:9';
    const result = await run(REPORT_1);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('refusing to send the token to http://127.0.0.2:9');
    expect(github.calls).toHaveLength(1);
  });
});

describe('errors', () => {
  test('403 names the permission to grant and fails without retrying', async () => {
    github.failures.push({ method: 'POST', path: /comments$/, status: 403, times: 99 });
    const result = await run(REPORT_1);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`POST ${listPath} answered 403`);
    expect(result.stderr).toContain('Resource not accessible by integration');
    expect(result.stderr).toContain('pull-requests: write');
    expect(github.calls.filter((call) => call.startsWith('POST'))).toHaveLength(1);
    expect(github.comments).toHaveLength(0);
  });

  test('a 5xx is retried, then succeeds', async () => {
    github.seed(30);
    github.failures.push({ method: 'GET', path: /page=1$/, status: 502, times: 1 });
    const result = await run(REPORT_1);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('→ 502');
    expect(result.stdout).toContain('retrying in 20 ms');
    expect(github.calls).toEqual([`GET ${listPath}?per_page=100&page=1`, `GET ${listPath}?per_page=100&page=1`, `POST ${listPath}`]);
    expect(github.marked()).toHaveLength(1);
  });

  test('a POST answered with a 5xx after GitHub stored it is not duplicated on retry', async () => {
    github.failures.push({ method: 'POST', path: /comments$/, status: 500, times: 1, afterApplying: true });
    const result = await run(REPORT_1);
    expect(result.code).toBe(0);
    expect(github.calls).toEqual([`GET ${listPath}?per_page=100&page=1`, `POST ${listPath}`, `GET ${listPath}?per_page=100&page=1`, `PATCH /repos/${OWNER}/${REPO}/issues/comments/${github.comments[0]!.id}`]);
    expect(github.marked()).toHaveLength(1);
    expect(result.stdout).toContain('updated comment');
  });

  test('a persistent 5xx fails after three attempts, naming the status', async () => {
    github.failures.push({ method: 'GET', path: /comments/, status: 503, times: 99 });
    const result = await run(REPORT_1);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/GET \/repos\/acme\/huaweicloud-openapi\/issues\/42\/comments\?per_page=100&page=1 answered 503 Service Unavailable.*gave up after 3 attempts/);
    expect(github.calls).toHaveLength(3);
    expect(github.comments).toHaveLength(0);
  });

  test('a bad token: 401, and the token is not echoed', async () => {
    const result = await run(REPORT_1, [], { GITHUB_TOKEN: 'ghs_wrongtoken_zzz' }, true); // on the command line: its real stderr
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('answered 401');
    expect(result.stderr).not.toContain('ghs_wrongtoken_zzz');
  });

  test('bad arguments are refused before any request', async () => {
    const result = await run(REPORT_1, ['--pr', '42; rm -rf /'], { GITHUB_TOKEN: '' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--pr must be a pull request number');
    expect(result.stderr).toContain('GITHUB_TOKEN is not set');
    expect(github.calls).toHaveLength(0);
  });
});

describe('arguments', () => {
  test('an unknown option is refused with a pointer to the options', async () => {
    const result = await run(REPORT_1, ['--token', TOKEN]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Unknown option '--token'");
    expect(github.calls).toHaveLength(0);
  });
});

describe('long reports', () => {
  test('are cut to 65,536 characters with a note pointing to the artifact', async () => {
    const line = (i: number) => `- \`Operation${i} (DELETE /v1/{project_id}/things/${i})\`: query parameter 'p${i}' became required`;
    const report = `## Contract changes\n\n${Array.from({ length: 2000 }, (_, i) => line(i)).join('\n')}\n\nResult: FAILED.\n`;
    expect(report.length).toBeGreaterThan(150_000);
    const runUrl = 'https://github.com/acme/huaweicloud-openapi/actions/runs/123';
    const result = await run(report, ['--run-url', runUrl]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('report cut to the comment limit');
    const [comment] = github.marked();
    expect(comment!.body.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(comment!.body.length).toBeGreaterThan(COMMENT_LIMIT - 500);
    expect(comment!.body.startsWith(`${MARKER}\n## Contract changes\n`)).toBe(true);
    expect(comment!.body).toContain(`The full report is in the \`contract-report\` artifact of [the workflow run](${runUrl}).`);
    expect(comment!.body).toMatch(/\(\d{2},\d{3} of \d{3},\d{3} characters shown\)/);
    // Cut at a line end: the last report line shown is whole.
    const shown = comment!.body.split('\n\n---\n\n')[0]!.split('\n');
    expect(shown.at(-1)).toMatch(/became required$/);
  });

  test('commentBody: exactly at the limit is not cut; surrogate pairs are not split', () => {
    const fits = 'x'.repeat(COMMENT_LIMIT - MARKER.length - 2);
    expect(commentBody(fits)).toEqual({ body: `${MARKER}\n${fits}\n`, truncated: false });
    expect(commentBody(`${fits}y`).truncated).toBe(true);
    const emoji = '😀'.repeat(40_000);
    const { body, truncated } = commentBody(emoji);
    expect(truncated).toBe(true);
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(body).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });
});
