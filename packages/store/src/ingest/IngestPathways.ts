import type { CompiledPathway } from '@continuum/machines';
import { StoreError } from '../errors.ts';
import type { Store } from '../store.ts';

/** A pathway version as an ingest writes it: compiled, with the `names` codes of its stages and events. */
export interface IngestPathway {
  pathway: CompiledPathway;
  /** `names` codes of the pathway's stages and events, by their index in the compiled pathway. */
  stageCodes: number[];
  eventCodes: number[];
}

/** The pathway versions an ingest meets (new cases' and stored cases'), each looked up once. */
export class IngestPathways {
  private readonly byVersion = new Map<number, IngestPathway>();

  constructor(private readonly store: Store) {}

  /** The version already loaded (every case run's version is, see `load`). */
  get(versionId: number): IngestPathway {
    return this.byVersion.get(versionId)!;
  }

  /** Loads a version (once) and returns it. */
  async load(versionId: number): Promise<IngestPathway> {
    let l = this.byVersion.get(versionId);
    if (!l) {
      const v = await this.store.pathways.getById(versionId);
      if (!v) throw new StoreError('pathway_not_found', `No pathway version ${versionId}.`, 'pathwayId');
      const pathway = this.store.pathways.compiled(v);
      l = {
        pathway,
        stageCodes: await this.store.names.codesOf(pathway.stages),
        eventCodes: await this.store.names.codesOf(pathway.events),
      };
      this.byVersion.set(versionId, l);
    }
    return l;
  }
}
