// The upload benchmark's server, in its own process so that its CPU does not
// count against the uploads measured: the imitation of VOD and OBS the vod
// package's tests use (packages/vod/test/obs-server.ts), keeping no object
// bytes. Prints its URL on stdout.
import { startFakeVod } from '../packages/vod/test/obs-server.ts';

const fake = await startFakeVod(process.argv[2] ?? 'bench-project', { store: false });
process.stdout.write(`${fake.url}\n`);
// Forget the request log now and then: a long run must not grow the server.
setInterval(() => {
  fake.obs.length = 0;
  fake.vod.length = 0;
  fake.objects.clear();
}, 1_000).unref();
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
