/**
 * "Save to a project" from the match screen (staff): the needs just matched become a new
 * project's needs, or replace an existing project's, and the first results can go straight to
 * its shortlist with their scores and explanations (the snapshots the project screen takes).
 * Loaded lazily with the projects API client, like the projects screen.
 */
import type { MatchRequestInput } from '@api/modules/matching/match-request.schema.ts';
import type { MatchResponse } from '@api/modules/matching/matching.schemas.ts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { ApiError } from '../../api/client.ts';
import {
  addShortlistItem,
  createProject,
  projectKeys,
  projectListQuery,
  SECTORS,
  type Sector,
  updateProject,
} from '../../api/projects.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorNotice } from '../../ui/error-notice.tsx';
import { Field } from '../../ui/field.tsx';
import { Segmented } from '../../ui/segmented.tsx';
import { resultSnapshot } from '../projects/shortlist-logic.ts';

/** How many of the first results go to the shortlist when asked. */
export const TOP_RESULTS = 3;

interface Props {
  response: MatchResponse;
  /** The needs the results answer, as the match request sent them. */
  needs: MatchRequestInput['needs'] | null;
}

type Target = 'new' | 'existing';

export default function SaveToProject({ response, needs }: Props) {
  const { t, tp, tx } = useI18n();
  const id = useId();
  const client = useQueryClient();
  const [target, setTarget] = useState<Target>('new');
  const [name, setName] = useState('');
  const [sector, setSector] = useState<Sector | ''>('');
  const [projectId, setProjectId] = useState('');
  const [replaceNeeds, setReplaceNeeds] = useState(true);
  const [addTop, setAddTop] = useState(true);
  const projects = useQuery({ ...projectListQuery({ limit: 100 }), enabled: target === 'existing' });
  const top = response.results.slice(0, TOP_RESULTS);

  const save = useMutation({
    mutationFn: async (): Promise<{ id: string; name: string; added: number }> => {
      let project: { id: string; name: string };
      if (target === 'new') {
        project = await createProject({
          name: name.trim(),
          sector: sector as Sector,
          needs: needs ?? undefined,
        });
      } else {
        project = replaceNeeds
          ? await updateProject(projectId, { needs: needs ?? undefined })
          : (projects.data?.projects.find((p) => p.id === projectId) ?? { id: projectId, name: '' });
      }
      // One item operation per result: a site already listed answers 409 and is skipped; nothing
      // another staff member did to the list meanwhile is rewritten.
      let added = 0;
      for (const r of addTop ? top : []) {
        try {
          await addShortlistItem(project.id, resultSnapshot(r, response.algorithmVersion));
          added += 1;
        } catch (err) {
          if (!(err instanceof ApiError && err.status === 409)) throw err;
        }
      }
      return { id: project.id, name: project.name, added };
    },
    onSuccess: () => client.invalidateQueries({ queryKey: projectKeys.lists }),
  });

  const ready =
    needs !== null &&
    (target === 'new' ? name.trim() !== '' && sector !== '' : projectId !== '') &&
    !save.isPending;

  return (
    <section className="save-to-project" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="section-title">
        {t('saveProject.title')}
      </h2>
      <Segmented
        legend={t('saveProject.target')}
        hideLegend
        name={`${id}-target`}
        value={target}
        options={[
          ['new', t('saveProject.new')],
          ['existing', t('saveProject.existing')],
        ]}
        onChange={setTarget}
      />
      {target === 'new' ? (
        <div className="grid-2">
          <Field id={`${id}-name`} label={t('projectForm.name')} required errors={[]}>
            <input id={`${id}-name`} value={name} maxLength={120} onChange={(e) => setName(e.target.value)} />
          </Field>
          <Field id={`${id}-sector`} label={t('projectForm.sector')} required errors={[]}>
            <select id={`${id}-sector`} value={sector} onChange={(e) => setSector(e.target.value as Sector)}>
              <option value="">{t('saveProject.chooseSector')}</option>
              {SECTORS.map((s) => (
                <option key={s} value={s}>
                  {tx(`sector.${s}`, s)}
                </option>
              ))}
            </select>
          </Field>
        </div>
      ) : (
        <>
          <Field id={`${id}-project`} label={t('saveProject.project')} required errors={[]}>
            <select id={`${id}-project`} value={projectId} onChange={(e) => setProjectId(e.target.value)}>
              <option value="">
                {projects.isPending ? t('state.loading') : t('saveProject.chooseProject')}
              </option>
              {projects.data?.projects.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </Field>
          <label className="check small" htmlFor={`${id}-replace`}>
            <input
              id={`${id}-replace`}
              type="checkbox"
              checked={replaceNeeds}
              onChange={(e) => setReplaceNeeds(e.target.checked)}
            />
            {t('saveProject.replaceNeeds')}
          </label>
        </>
      )}
      {top.length > 0 && (
        <label className="check small" htmlFor={`${id}-top`}>
          <input
            id={`${id}-top`}
            type="checkbox"
            checked={addTop}
            onChange={(e) => setAddTop(e.target.checked)}
          />
          {tp('saveProject.addTop', top.length)}
        </label>
      )}
      <button type="button" className="btn btn-primary" disabled={!ready} onClick={() => save.mutate()}>
        {save.isPending ? t('saveProject.saving') : t('saveProject.save')}
      </button>
      {save.error ? <ErrorNotice error={save.error} /> : null}
      {save.data && (
        <p className="notice notice-success" role="status">
          {tp('saveProject.saved', save.data.added, { name: save.data.name })}{' '}
          <a href={`/projects?project=${encodeURIComponent(save.data.id)}`}>{t('saveProject.open')}</a>
        </p>
      )}
    </section>
  );
}
