// Posts the contract report on a pull request as ONE sticky comment: finds the
// comment carrying the hidden marker and edits it, or creates it. Run by
// .github/workflows/contract-comment.yml, which never checks out the PR's code.
//
//   GITHUB_TOKEN=… pnpm exec tsx scripts/pr-comment.ts --report report.md --pr 42 \
//     [--repo owner/name] [--api-url https://api.github.com] [--run-url <url>] [--author <login>]
//
//   --report <file>     the Markdown report (`pnpm -s contract:diff` output)
//   --pr <n>            the pull request number (a positive integer)
//   --repo <o/n>        default: $GITHUB_REPOSITORY
//   --api-url <url>     GitHub REST API base; default: $GITHUB_API_URL, else https://api.github.com
//   --run-url <url>     the workflow run holding the full report (named when a report is cut)
//   --author <login>    only a marked comment by this login counts (e.g. github-actions[bot])
//   --retry-delay <ms>  first back-off after a 5xx or network error (default 1000; doubles)
//
// Uses two REST endpoints: GET/POST /repos/{o}/{r}/issues/{n}/comments and
// PATCH /repos/{o}/{r}/issues/comments/{id}. The token is read from the
// environment only and never appears in logs or error messages.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

export const MARKER = '<!-- huaweicloud-openapi:contract-report -->';
/** GitHub's limit on an issue comment body, in characters. */
export const COMMENT_LIMIT = 65_536;
const PER_PAGE = 100;
const ATTEMPTS = 3;

export interface Options {
  report: string;
  pr: number;
  repo: string;
  apiUrl: string;
  token: string;
  runUrl?: string;
  author?: string;
  retryDelayMs?: number;
  log?: (line: string) => void;
}

export interface Outcome {
  action: 'created' | 'updated';
  id: number;
  url?: string;
  truncated: boolean;
}

interface IssueComment {
  id: number;
  body?: string | null;
  html_url?: string;
  user?: { login?: string } | null;
}

/** An HTTP answer GitHub gave that we do not retry (or stopped retrying). */
export class GitHubApiError extends Error {
  readonly status: number;
  constructor(message: string, status: number) {
    super(message);
    this.name = 'GitHubApiError';
    this.status = status;
  }
}

class Retryable extends Error {}

/** The comment body: marker, report, and, when too long, the report cut with a note. */
export function commentBody(report: string, runUrl?: string, limit = COMMENT_LIMIT): { body: string; truncated: boolean } {
  const head = `${MARKER}\n`;
  const text = report.trimEnd() === '' ? '_The contract report is empty._' : report.trimEnd();
  if (head.length + text.length + 1 <= limit) return { body: `${head}${text}\n`, truncated: false };
  const where = runUrl ? `the \`contract-report\` artifact of [the workflow run](${runUrl})` : 'the `contract-report` artifact of the workflow run';
  const note = (shown: number) =>
    `\n\n---\n\n**Report cut to fit GitHub's comment limit** (${shown.toLocaleString('en-US')} of ${text.length.toLocaleString('en-US')} characters shown). The full report is in ${where}.\n`;
  // Reserve room for the note with the widest number it can hold, then cut at a line end.
  const room = limit - head.length - note(text.length).length;
  let cut = text.lastIndexOf('\n', room);
  if (cut < room / 2) cut = room; // no usable line break: cut mid-line
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1; // never split a surrogate pair
  const shown = text.slice(0, cut).trimEnd();
  return { body: `${head}${shown}${note(shown.length)}`, truncated: true };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function scrub(text: string, token: string): string {
  return token ? text.split(token).join('***') : text;
}

function linkNext(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (match) return match[1];
  }
  return undefined;
}

export async function postReport(options: Options): Promise<Outcome> {
  const { pr, repo, token } = options;
  const log = options.log ?? ((line: string) => console.log(line));
  const base = new URL(options.apiUrl.endsWith('/') ? options.apiUrl : `${options.apiUrl}/`);
  const { body, truncated } = commentBody(options.report, options.runUrl);
  const delay = options.retryDelayMs ?? 1000;

  async function call(method: string, url: URL, payload?: unknown): Promise<Response> {
    if (url.origin !== base.origin) throw new GitHubApiError(`refusing to send the token to ${url.origin} (not the API at ${base.origin})`, 0);
    const shown = `${method} ${url.pathname}${url.search}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          accept: 'application/vnd.github+json',
          authorization: `Bearer ${token}`,
          'user-agent': 'huaweicloud-openapi-pr-comment',
          'x-github-api-version': '2022-11-28',
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: payload === undefined ? undefined : JSON.stringify(payload),
      });
    } catch (error) {
      log(`${shown} → network error`);
      throw new Retryable(`${shown}: network error (${scrub(String((error as Error).cause ?? (error as Error).message), token)})`);
    }
    log(`${shown} → ${response.status}`);
    if (response.ok) return response;
    let detail = '';
    try {
      const json = (await response.json()) as { message?: unknown };
      if (typeof json.message === 'string') detail = `: ${scrub(json.message, token)}`;
    } catch {
      // not JSON; the status says enough
    }
    const status = `${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
    if (response.status >= 500) throw Object.assign(new Retryable(`${shown} answered ${status}${detail}`), { status: response.status });
    if (response.status === 401) {
      throw new GitHubApiError(`${shown} answered ${status}${detail}. The token was rejected: pass a valid token in GITHUB_TOKEN.`, 401);
    }
    if (response.status === 403 || response.status === 429) {
      const limited = response.headers.get('x-ratelimit-remaining') === '0' || response.status === 429;
      const why = limited
        ? 'The token has hit its API rate limit; re-run the job later.'
        : `The token may not ${method === 'GET' ? 'read' : 'write'} comments on this pull request: grant the job \`permissions: pull-requests: write\` (the workflow's GITHUB_TOKEN) or use a token with the "Pull requests: Read and write" permission on ${repo}.`;
      throw new GitHubApiError(`${shown} answered ${status}${detail}. ${why}`, response.status);
    }
    if (response.status === 404) {
      throw new GitHubApiError(`${shown} answered ${status}${detail}. No pull request #${pr} in ${repo}, or the token cannot see that repository.`, 404);
    }
    throw new GitHubApiError(`${shown} answered ${status}${detail}.`, response.status);
  }

  async function findMarked(): Promise<IssueComment | undefined> {
    let url: URL | undefined = new URL(`repos/${repo}/issues/${pr}/comments?per_page=${PER_PAGE}&page=1`, base);
    for (let page = 1; url; page += 1) {
      const response = await call('GET', url);
      const comments = (await response.json()) as IssueComment[];
      if (!Array.isArray(comments)) throw new GitHubApiError(`GET ${url.pathname}: expected a list of comments`, response.status);
      const found = comments.find(
        (comment) => typeof comment.body === 'string' && comment.body.startsWith(MARKER) && (!options.author || comment.user?.login === options.author),
      );
      if (found) return found;
      const next = linkNext(response.headers.get('link'));
      if (next) url = new URL(next, base);
      else if (comments.length === PER_PAGE && !response.headers.has('link')) url = new URL(`repos/${repo}/issues/${pr}/comments?per_page=${PER_PAGE}&page=${page + 1}`, base);
      else url = undefined;
    }
    return undefined;
  }

  // Each attempt looks the comment up again, so a POST that failed with a 5xx
  // after GitHub stored it is edited on the retry rather than duplicated.
  for (let attempt = 1; ; attempt += 1) {
    try {
      const existing = await findMarked();
      if (existing) {
        const response = await call('PATCH', new URL(`repos/${repo}/issues/comments/${existing.id}`, base), { body });
        const updated = (await response.json()) as IssueComment;
        return { action: 'updated', id: existing.id, url: updated.html_url ?? existing.html_url, truncated };
      }
      const response = await call('POST', new URL(`repos/${repo}/issues/${pr}/comments`, base), { body });
      const created = (await response.json()) as IssueComment;
      return { action: 'created', id: created.id, url: created.html_url, truncated };
    } catch (error) {
      if (!(error instanceof Retryable)) throw error;
      const status = (error as Retryable & { status?: number }).status ?? 0;
      if (attempt >= ATTEMPTS) {
        throw new GitHubApiError(`${error.message}; gave up after ${ATTEMPTS} attempts. GitHub may be having trouble; re-run the job.`, status);
      }
      const wait = delay * 2 ** (attempt - 1);
      log(`retrying in ${wait} ms (attempt ${attempt + 1} of ${ATTEMPTS})`);
      await sleep(wait);
    }
  }
}

/**
 * The command: arguments as on the command line, the environment it reads
 * (GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_API_URL) and where it prints, so that
 * tests run it in-process; returns the exit code.
 */
export async function main(args: string[], env: NodeJS.ProcessEnv = process.env, output: Pick<Console, 'log' | 'error'> = console): Promise<number> {
  const options = {
    report: { type: 'string' },
    pr: { type: 'string' },
    repo: { type: 'string' },
    'api-url': { type: 'string' },
    'run-url': { type: 'string' },
    author: { type: 'string' },
    'retry-delay': { type: 'string' },
  } as const;
  let parsed: ReturnType<typeof parseArgs<{ options: typeof options }>>;
  try {
    parsed = parseArgs({ args, options });
  } catch (error) {
    output.error(`pr-comment: ${(error as Error).message} (the options are listed at the top of scripts/pr-comment.ts)`);
    return 2;
  }
  const { values } = parsed;
  const token = env.GITHUB_TOKEN ?? '';
  const repo = values.repo ?? env.GITHUB_REPOSITORY ?? '';
  const apiUrl = values['api-url'] ?? env.GITHUB_API_URL ?? 'https://api.github.com';
  const problems: string[] = [];
  if (!values.report) problems.push('--report <file> is required');
  if (!values.pr || !/^[1-9][0-9]{0,9}$/.test(values.pr)) problems.push(`--pr must be a pull request number (a positive integer), got ${JSON.stringify(values.pr ?? '')}`);
  if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repo)) problems.push(`--repo must be owner/name (or set GITHUB_REPOSITORY), got ${JSON.stringify(repo)}`);
  if (!/^https?:\/\//.test(apiUrl)) problems.push(`--api-url must be an http(s) URL, got ${JSON.stringify(apiUrl)}`);
  if (values['retry-delay'] !== undefined && !/^[0-9]+$/.test(values['retry-delay'])) problems.push('--retry-delay must be a number of milliseconds');
  if (!token) problems.push('GITHUB_TOKEN is not set');
  if (problems.length > 0) {
    for (const problem of problems) output.error(`pr-comment: ${problem}`);
    return 2;
  }
  let report: string;
  try {
    report = await readFile(values.report!, 'utf8');
  } catch (error) {
    output.error(`pr-comment: cannot read the report ${values.report}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    return 2;
  }
  try {
    const outcome = await postReport({
      report,
      pr: Number(values.pr),
      repo,
      apiUrl,
      token,
      runUrl: values['run-url'],
      author: values.author,
      retryDelayMs: values['retry-delay'] === undefined ? undefined : Number(values['retry-delay']),
      log: (line) => output.log(line),
    });
    output.log(
      `pr-comment: ${outcome.action} comment ${outcome.id} on ${repo}#${values.pr}${outcome.url ? ` (${outcome.url})` : ''}${outcome.truncated ? ', report cut to the comment limit' : ''}`,
    );
    return 0;
  } catch (error) {
    output.error(`pr-comment: ${scrub((error as Error).message, token)}`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = await main(process.argv.slice(2));
}
