/**
 * restify 11 reads process.binding('http_parser') when it loads, and Node 20 warns about it (DEP0111) on every
 * start. That one warning is known and harmless; every other warning is still printed. Imported first by main.ts.
 */
process.removeAllListeners('warning');
process.on('warning', (w: Error & { code?: string }) => {
  if (w.name === 'DeprecationWarning' && w.code === 'DEP0111') return;
  process.stderr.write(`(node:${process.pid}) ${w.name}: ${w.message}\n`);
});
export {};
