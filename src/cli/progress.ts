/** Progress on stderr: a redrawn bar on a terminal, one line per phase change otherwise (logs stay readable). */
export function progressReporter(stream: NodeJS.WriteStream = process.stderr): (phase: string, done: number, total: number) => void {
  let lastPhase = '';
  return (phase, done, total) => {
    if (stream.isTTY) {
      const width = 24;
      const filled = total > 0 ? Math.round((done / total) * width) : width;
      stream.write(`\r${phase.padEnd(16)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}   `);
      if (done >= total) stream.write('\n');
    } else if (phase !== lastPhase || done >= total) {
      stream.write(`${phase}: ${done}/${total}\n`);
    }
    lastPhase = phase;
  };
}
