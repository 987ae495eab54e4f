/**
 * deploy/k8s/backup: the Velero Schedules that snapshot the JetStream and Chroma volumes. Velero's
 * CRDs have no model package, so the fields used here are checked against the Velero v1 Schedule
 * and Backup spec by hand (unknown fields refused, as kubectl --validate=strict would), and the
 * selection against the volumes the overlays really create.
 */
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isObject, render, type JsonObject, type KObject } from './kustomize.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DEPLOY = process.env.TASKSENSEI_DEPLOY_DIR ?? join(ROOT, 'deploy');

/** Velero v1 ScheduleSpec and BackupSpec fields (velero.io/v1), the ones a Schedule may carry. */
const SCHEDULE_SPEC = new Set(['schedule', 'template', 'useOwnerReferencesInBackup', 'paused', 'skipImmediately']);
const BACKUP_SPEC = new Set([
  'includedNamespaces',
  'excludedNamespaces',
  'includedResources',
  'excludedResources',
  'includedClusterScopedResources',
  'excludedClusterScopedResources',
  'includedNamespaceScopedResources',
  'excludedNamespaceScopedResources',
  'labelSelector',
  'orLabelSelectors',
  'snapshotVolumes',
  'ttl',
  'includeClusterResources',
  'hooks',
  'storageLocation',
  'volumeSnapshotLocations',
  'defaultVolumesToFsBackup',
  'snapshotMoveData',
  'datamover',
  'csiSnapshotTimeout',
  'itemOperationTimeout',
  'orderedResources',
  'uploaderConfig',
  'resourcePolicy',
  'metadata',
  'volumeGroupSnapshotLabelKey',
]);

const hours = (ttl: string) => {
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(ttl);
  return m ? Number(m[1] ?? 0) + Number(m[2] ?? 0) / 60 : NaN;
};

function labelsMatch(selector: JsonObject, labels: Record<string, string>): boolean {
  return ((selector.matchExpressions ?? []) as JsonObject[]).every(
    (e) => e.operator === 'In' && (e.values as string[]).includes(labels[String(e.key)] ?? ''),
  );
}

describe('deploy/k8s/backup (Velero)', () => {
  const schedules = render(join(DEPLOY, 'k8s', 'backup'));

  it('holds only Velero v1 Schedules in Velero’s namespace, with known fields', () => {
    const problems: string[] = [];
    for (const s of schedules) {
      if (`${s.apiVersion}/${s.kind}` !== 'velero.io/v1/Schedule')
        problems.push(`${s.kind}/${s.metadata.name}: not a velero.io/v1 Schedule`);
      if (s.metadata.namespace !== 'velero') problems.push(`${s.metadata.name}: must be in the velero namespace`);
      const spec = (s.spec ?? {}) as JsonObject;
      for (const key of Object.keys(spec)) if (!SCHEDULE_SPEC.has(key)) problems.push(`${s.metadata.name}: spec.${key}: unknown field`);
      for (const key of Object.keys((spec.template ?? {}) as JsonObject))
        if (!BACKUP_SPEC.has(key)) problems.push(`${s.metadata.name}: spec.template.${key}: unknown field`);
      if (!/^(\S+\s+){4}\S+$/.test(String(spec.schedule))) problems.push(`${s.metadata.name}: schedule must be a 5-field cron expression`);
    }
    expect(schedules.length).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });

  it.each(['dev', 'production'])('snapshots every NATS and Chroma volume of overlays/%s daily, kept at least a week', (overlay) => {
    const objs: KObject[] = render(join(DEPLOY, 'k8s', 'overlays', overlay));
    const claims = objs
      .filter((o) => o.kind === 'StatefulSet' && ['nats', 'chroma'].includes(o.metadata.name))
      .flatMap((o) => ((o.spec as JsonObject).volumeClaimTemplates ?? []) as JsonObject[])
      .map((c) => ((c.metadata as JsonObject).labels ?? {}) as Record<string, string>);
    expect(claims.length).toBe(2);
    const daily = schedules.find((s) => /^\S+ \S+ \* \* \*$/.test(String((s.spec as JsonObject).schedule)));
    const template = ((daily?.spec as JsonObject | undefined)?.template ?? {}) as JsonObject;
    expect(template.includedNamespaces).toEqual(['tasksensei']);
    expect(template.snapshotVolumes).toBe(true);
    expect(hours(String(template.ttl))).toBeGreaterThanOrEqual(168);
    expect((template.includedResources as string[]).sort()).toEqual(['persistentvolumeclaims', 'persistentvolumes']);
    for (const labels of claims)
      expect({ labels, selected: isObject(template.labelSelector) && labelsMatch(template.labelSelector, labels) }).toEqual({
        labels,
        selected: true,
      });
  });
});
