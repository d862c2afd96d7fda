/** (d) SIGTERM while a request is in flight on the server engine: it completes, new connections are refused, exit 0. */
import { type MainProcess, sigtermDuringRequest } from '../lib/main-process.ts';
import { PROFILES } from '../steps/match.ts';
import type { Scenario } from './common.ts';

export async function drainCheck(proc: MainProcess): Promise<Scenario> {
  const body = JSON.stringify(PROFILES[1].body);
  const d = await sigtermDuringRequest(proc, '/api/match', body);
  return {
    id: 'd',
    title: 'SIGTERM during a request (api/src/main.ts on PostGIS)',
    checks: [
      {
        check: 'the request is in flight at the signal',
        expected: 'inFlight 1',
        measured: `inFlight ${String(d.inFlightAtSignal)}`,
        pass: d.inFlightAtSignal === 1,
      },
      {
        check: 'new connections are refused during the drain',
        expected: 'refused',
        measured: d.newConnectionRefused ? 'refused' : 'ACCEPTED',
        pass: d.newConnectionRefused,
      },
      {
        check: 'the request in flight completes',
        expected: '200, Connection: close',
        measured: `${d.status}, Connection: ${d.connection}`,
        pass: d.status === 200 && d.connection === 'close',
      },
      {
        check: 'the process exits 0 once drained',
        expected: 'exit 0 within 5 s',
        measured: `exit ${d.exit.code ?? d.exit.signal} after ${d.exitMs} ms`,
        pass: d.exit.code === 0 && d.exitMs < 5000,
      },
    ],
    data: { ...d, body: undefined },
  };
}
