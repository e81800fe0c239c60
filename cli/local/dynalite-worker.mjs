// The DynamoDB emulator's thread (see startDynalite in emulators.ts). Plain JavaScript so that it loads
// the same under tsx, vitest and plain node, whatever TypeScript loader the parent thread uses.
import { Readable } from 'node:stream';
import { parentPort, workerData } from 'node:worker_threads';
import dynalite from 'dynalite';

// With a path (effekt serve --data) the tables live in a LevelDB directory there and survive a restart.
const path = typeof workerData?.path === 'string' ? workerData.path : undefined;
const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(path ? { path } : {}) });

// dynalite appends each incoming body chunk with Buffer.concat (node_modules/dynalite/index.js, httpHandler),
// copying the whole body so far per 64 KB chunk: quadratic in the request size, an emulator cost DynamoDB
// does not have. Collect the body once and hand dynalite's handler a
// request that delivers it in one piece; everything else (method, URL, headers) is the request's own.
const [dynaliteHandler] = server.listeners('request');
server.removeAllListeners('request');
server.on('request', (req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('error', (error) => res.destroy(error));
  req.on('end', () => {
    const whole = Readable.from(chunks.length === 0 ? [] : [Buffer.concat(chunks)], { objectMode: false });
    Object.assign(whole, { method: req.method, url: req.url, headers: req.headers, httpVersion: req.httpVersion, socket: req.socket });
    dynaliteHandler.call(server, whole, res);
  });
});

server.on('error', (error) => parentPort.postMessage({ type: 'error', message: String(error?.stack ?? error) }));
server.listen(0, '127.0.0.1', () => parentPort.postMessage({ type: 'listening', port: server.address().port }));

parentPort.on('message', (message) => {
  if (message?.type !== 'stop') return;
  server.closeAllConnections?.();
  server.close((error) => {
    parentPort.postMessage({ type: 'stopped', error: error ? String(error.stack ?? error) : undefined });
    // Nothing else keeps this thread alive once the server is closed and the port is released.
    parentPort.close();
  });
});
