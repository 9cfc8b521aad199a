// Results of the start-up checks shown by --dry-run (and later `doctor`).

export interface ProbeTarget {
  readonly name: string;
  readonly kind: 'mistralrs' | 'openai' | 'embedded';
  readonly url: string | undefined;
  readonly apiKey: string | undefined;
  readonly timeoutMs: number;
}

export interface ProbedModel {
  readonly id: string;
  /** loaded | unloaded | reloading, when the server reports it. */
  readonly status?: string;
}

export interface BackendProbe {
  readonly name: string;
  readonly kind: ProbeTarget['kind'];
  readonly url: string | undefined;
  readonly status: 'ok' | 'unreachable' | 'error' | 'not_available';
  readonly message?: string;
  readonly healthMs?: number;
  readonly modelsMs?: number;
  readonly models?: readonly ProbedModel[];
}
