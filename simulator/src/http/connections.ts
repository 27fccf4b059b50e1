// What the clients' connections look like from the server: how many TLS connections were
// accepted, how many sockets carried Graph or identity requests, and how many Graph requests were
// in progress at once. A client that caps its sockets (a keep-alive agent with maxSockets) shows
// here as few Graph sockets however many requests it sends (GET /_sim/connections).
import type { Socket } from 'net';

export interface ConnectionCounts {
  /** TLS connections accepted since the last reset (every client, the control API's too). */
  accepted: number;
  /** Connections open now. */
  open: number;
  /** Distinct sockets that carried at least one Graph request (/v1.0, /beta) since the reset. */
  graphSockets: number;
  /** Distinct sockets that carried at least one identity platform request since the reset. */
  identitySockets: number;
  /** Graph requests in progress now, and the most at once since the reset. */
  graphInFlight: number;
  graphInFlightMax: number;
}

export class ConnectionStats {
  private accepted = 0;
  private readonly openSockets = new Set<Socket>();
  private graph = new WeakSet<Socket>();
  private identity = new WeakSet<Socket>();
  private graphSockets = 0;
  private identitySockets = 0;
  private graphInFlight = 0;
  private graphInFlightMax = 0;

  /** A TLS connection was accepted. */
  connected(socket: Socket): void {
    this.accepted++;
    this.openSockets.add(socket);
    socket.once('close', () => this.openSockets.delete(socket));
  }

  /** A request arrived on `socket`; returns the call that marks its end (once). */
  request(socket: Socket | undefined, area: 'graph' | 'identity' | 'control'): () => void {
    if (!socket || area === 'control') return () => undefined;
    if (area === 'graph') {
      if (!this.graph.has(socket)) {
        this.graph.add(socket);
        this.graphSockets++;
      }
      this.graphInFlight++;
      this.graphInFlightMax = Math.max(this.graphInFlightMax, this.graphInFlight);
      let ended = false;
      return () => {
        if (ended) return;
        ended = true;
        this.graphInFlight--;
      };
    }
    if (!this.identity.has(socket)) {
      this.identity.add(socket);
      this.identitySockets++;
    }
    return () => undefined;
  }

  counts(): ConnectionCounts {
    return {
      accepted: this.accepted,
      open: this.openSockets.size,
      graphSockets: this.graphSockets,
      identitySockets: this.identitySockets,
      graphInFlight: this.graphInFlight,
      graphInFlightMax: this.graphInFlightMax,
    };
  }

  /** Counts from zero again (a reset, DELETE /_sim/connections); open connections stay open. */
  reset(): void {
    this.accepted = 0;
    this.graph = new WeakSet();
    this.identity = new WeakSet();
    this.graphSockets = 0;
    this.identitySockets = 0;
    this.graphInFlightMax = this.graphInFlight;
  }
}
