// #/training: fine-tune a model on a datanet's accepted data (LoRA or QLoRA), and every job with its progress.
// API: POST /api/jobs, GET /api/jobs, GET /api/base-models (training-service). Live: training.status events move the rows' status and
// progress; a job the page has not seen yet (an automatic one, or one started elsewhere) is read and added.

import { h, replace, announce, placeRows, dropRows } from '../dom.js';
import { get, post } from '../api.js';
import { EVENT, on, onResync } from '../events.js';
import { field, FormErrors, whileBusy, numberValue, isAbort, controlCharacter } from '../forms.js';
import { list as datanets, loadDatanets, datanetName, onDatanetsChange } from '../stores/datanets.js';
import { hasRole } from '../session.js';
import { badge, setBadge, card, debounce, errorBox, flash, loading, pageHeader, table } from '../ui.js';
import { ago, bytes, dateTime, number } from '../format.js';
import { me } from '../app.js';

const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

/** What each family's projections (PEFT module names) do, for the target-module choices. */
const MODULE_ROLES = {
  c_attn: 'attention (Q, K, V)', c_proj: 'output projections', c_fc: 'MLP up-projection',
  q_proj: 'queries', k_proj: 'keys', v_proj: 'values', o_proj: 'attention output',
  gate_proj: 'MLP gate', up_proj: 'MLP up-projection', down_proj: 'MLP down-projection',
};
/** JobSettings.Auto defaults, what the service uses for a field left out. */
const DEFAULTS = { method: 'LORA', rank: 8, alpha: 16, dropout: 0.05, learningRate: 0.002, epochs: 1, batchSize: 8, seed: 42 };

/** Mirrors JobRequest.validated(): the same ranges, all reported at once (the service names the first only). */
export function validateJob(v) {
  const e = {};
  if (!v.datanetId) e.datanetId = 'is required';
  if (!v.baseModel) e.baseModel = 'is required';
  else if (controlCharacter(v.baseModel)) e.baseModel = controlCharacter(v.baseModel);
  if (!['LORA', 'QLORA'].includes(v.method)) e.method = 'must be LORA or QLORA';
  const int = (x) => Number.isInteger(x);
  if (!(int(v.rank) && v.rank >= 1 && v.rank <= 64)) e.rank = 'must be a whole number between 1 and 64';
  if (!(v.alpha > 0 && v.alpha <= 1024)) e.alpha = 'must be in (0, 1024]';
  if (!(v.dropout >= 0 && v.dropout < 1)) e.dropout = 'must be in [0, 1)';
  if (v.targetModules.length === 0) e.targetModules = 'choose at least one module';
  if (!(v.learningRate > 0 && v.learningRate <= 1)) e.learningRate = 'must be in (0, 1]';
  if (!(int(v.epochs) && v.epochs >= 1 && v.epochs <= 20)) e.epochs = 'must be a whole number between 1 and 20';
  if (!(int(v.batchSize) && v.batchSize >= 1 && v.batchSize <= 64)) e.batchSize = 'must be a whole number between 1 and 64';
  if (v.seed !== null && !(int(v.seed) && Math.abs(v.seed) <= Number.MAX_SAFE_INTEGER)) e.seed = 'must be a whole number';
  return e;
}

function numberInput(testid, name, value, attrs) {
  return h('input', { type: 'number', testid, name, value: String(value), inputmode: 'decimal', ...attrs });
}

function jobForm(query, onQueued) {
  const datanet = h('select', { testid: 'job-datanet', name: 'datanetId' });
  const baseModel = h('select', { testid: 'job-base-model', name: 'baseModel' }, h('option', { value: '' }, 'Loading models…'));
  const modelHint = h('p', { class: 'hint', testid: 'job-base-model-needs', 'aria-live': 'polite' });
  const method = h('select', { testid: 'job-method', name: 'method' },
    h('option', { value: 'LORA' }, 'LoRA'),
    h('option', { value: 'QLORA' }, 'QLoRA (4-bit base)'));
  const rank = numberInput('job-rank', 'rank', DEFAULTS.rank, { min: 1, max: 64, step: 1 });
  const alpha = numberInput('job-alpha', 'alpha', DEFAULTS.alpha, { min: 0, max: 1024, step: 'any' });
  const dropout = numberInput('job-dropout', 'dropout', DEFAULTS.dropout, { min: 0, max: 0.99, step: 0.01 });
  let targets = [];
  const targetChoices = h('div', { class: 'choices' });
  const learningRate = numberInput('job-learning-rate', 'learningRate', DEFAULTS.learningRate, { min: 0, max: 1, step: 'any' });
  const epochs = numberInput('job-epochs', 'epochs', DEFAULTS.epochs, { min: 1, max: 20, step: 1 });
  const batchSize = numberInput('job-batch-size', 'batchSize', DEFAULTS.batchSize, { min: 1, max: 64, step: 1 });
  const seed = numberInput('job-seed', 'seed', DEFAULTS.seed, { step: 1 });
  const submit = h('button', { type: 'submit', class: 'button primary', testid: 'job-submit' }, 'Start training');
  const scaleHint = h('p', { class: 'hint', 'aria-live': 'polite' });

  const form = h('form', { class: 'form', novalidate: true, 'aria-label': 'New training job' },
    h('div', { class: 'row three' },
      field({ name: 'datanetId', label: 'Datanet', control: datanet, hint: 'Trains on its accepted data. Owners and operators may start jobs.' }),
      field({ name: 'baseModel', label: 'Base model', control: baseModel }),
      field({ name: 'method', label: 'Method', control: method, hint: 'QLoRA keeps the frozen base in 4-bit NF4: less memory.' })),
    modelHint,
    h('div', { class: 'row three' },
      field({ name: 'rank', label: 'Rank r', control: rank, hint: '1–64' }),
      field({ name: 'alpha', label: 'Alpha', control: alpha, hint: '(0, 1024]' }),
      field({ name: 'dropout', label: 'Dropout', control: dropout, hint: '[0, 1)' })),
    scaleHint,
    field({
      name: 'targetModules', label: 'Target modules', group: true,
      control: targetChoices,
    }),
    h('div', { class: 'row four' },
      field({ name: 'learningRate', label: 'Learning rate', control: learningRate, hint: '(0, 1]' }),
      field({ name: 'epochs', label: 'Epochs', control: epochs, hint: '1–20' }),
      field({ name: 'batchSize', label: 'Batch size', control: batchSize, hint: '1–64' }),
      field({ name: 'seed', label: 'Seed', control: seed })),
    h('div', { class: 'form-actions' }, submit));
  const errors = new FormErrors(form);

  const paintScale = () => {
    const r = numberValue(rank);
    const a = numberValue(alpha);
    scaleHint.textContent = r > 0 && a > 0 ? `Adapter scale α/r = ${number(a / r, 3)}: W′ = W + (α/r)·B·A, B starts at zero.` : '';
  };
  rank.addEventListener('input', paintScale);
  alpha.addEventListener('input', paintScale);
  paintScale();

  const paintDatanets = () => {
    const chosen = datanet.value || query.datanet || '';
    const operator = hasRole('operator');
    const items = datanets();
    const mine = items.filter((d) => d.ownerId === me());
    const others = operator ? items.filter((d) => d.ownerId !== me()) : [];
    replace(datanet, h('option', { value: '' }, mine.length || others.length ? 'Choose a datanet…' : 'You own no datanet yet'),
      mine.length ? h('optgroup', { label: 'Yours' }, mine.map((d) => h('option', { value: d.id }, d.name))) : null,
      others.length ? h('optgroup', { label: 'Others (as operator)' }, others.map((d) => h('option', { value: d.id, title: `owned by ${d.ownerId}` }, d.name))) : null);
    datanet.value = chosen;
    if (datanet.value !== chosen) datanet.value = '';
  };
  // The catalog (GET /api/base-models): each model with what it needs; its family decides the target modules.
  let models = new Map();
  const paintTargets = () => {
    const model = models.get(baseModel.value);
    if (!model) {
      targets = [];
      replace(targetChoices);
      replace(modelHint);
      return;
    }
    const chosen = new Set(model.family === 'gpt2' ? model.targetModules : model.defaultTargetModules);
    targets = model.targetModules.map((name) => h('input', { type: 'checkbox', name: 'targetModules', value: name, testid: `job-target-${name}`, checked: chosen.has(name), 'data-field-name': 'targetModules' }));
    replace(targetChoices, ...targets.map((box) => h('label', { class: 'choice' }, box, ' ', h('code', {}, box.value), h('span', { class: 'sub' }, ` ${MODULE_ROLES[box.value] ?? ''}`))));
    replace(modelHint, `${model.family} · ${number(model.parameters)} parameters · ${model.layers} layers · context ${model.contextLength} tokens. `
      + `Frozen base weights: ${bytes(model.loraMemoryBytes)} with LoRA, ${bytes(model.qloraMemoryBytes)} with QLoRA.`);
  };
  const paintModels = (list) => {
    const chosen = baseModel.value;
    models = new Map(list.map((m) => [m.id, m]));
    replace(baseModel, ...(list.length ? list.map((m) => h('option', { value: m.id }, `${m.id}${m.isDefault ? ' (default)' : ''} · ${m.family}, ${number(m.parameters)} parameters`))
      : [h('option', { value: '' }, 'No base model could be listed')]));
    baseModel.value = models.has(chosen) ? chosen : (list.find((m) => m.isDefault) ?? list[0])?.id ?? '';
    paintTargets();
  };
  baseModel.addEventListener('change', paintTargets);

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    errors.clear();
    const values = {
      datanetId: datanet.value,
      baseModel: baseModel.value,
      method: method.value,
      rank: numberValue(rank),
      alpha: numberValue(alpha),
      dropout: numberValue(dropout),
      targetModules: targets.filter((t) => t.checked).map((t) => t.value),
      learningRate: numberValue(learningRate),
      epochs: numberValue(epochs),
      batchSize: numberValue(batchSize),
      seed: numberValue(seed),
    };
    if (errors.show(validateJob(values))) return;
    if (values.seed === null) delete values.seed;
    try {
      const job = await whileBusy(submit, () => post('training', '/api/jobs', values));
      onQueued(job);
    } catch (err) {
      if (err.status === 409 && err.problem?.jobId) {
        errors.message(`${err.problem.detail} `);
        errors.general.firstChild.append(h('a', { href: `#/jobs/${encodeURIComponent(err.problem.jobId)}` }, 'Open that job'));
      } else {
        errors.problem(err);
      }
    }
  });
  return { form, paintDatanets, paintModels };
}

/**
 * A job's row. update() changes its cells in place: status events arrive every two seconds, and replacing the row
 * each time would disturb keyboard focus, screen readers and anything holding on to the row.
 */
function jobRow(initial) {
  const status = badge(initial.status, { testid: 'job-status' });
  const progress = h('progress', { testid: 'job-progress', max: 1, value: 0, 'aria-label': `Progress of job ${initial.id}` });
  const steps = h('span', { class: 'sub' });
  const evalCell = h('td', { class: 'num' });
  const settings = h('td', {});
  const datanetCell = h('td', {});
  const tr = h('tr', { testid: 'job-row', 'data-job-id': initial.id },
    h('th', { scope: 'row' }, h('a', { href: `#/jobs/${encodeURIComponent(initial.id)}` }, initial.id.replace(/^job-/, '').slice(0, 8)),
      h('div', { class: 'sub' }, initial.trigger === 'AUTOMATIC' ? 'automatic' : `by ${initial.requestedBy}`)),
    datanetCell, settings,
    h('td', {}, status),
    h('td', { class: 'progress-cell' }, progress, steps),
    evalCell,
    h('td', {}, h('time', { datetime: initial.createdAt, title: dateTime(initial.createdAt) }, ago(initial.createdAt))));
  const update = (job) => {
    const p = job.progress ?? {};
    const m = job.metrics ?? {};
    tr.dataset.status = job.status;
    setBadge(status, job.status);
    progress.max = p.totalSteps || 1;
    progress.value = job.status === 'SUCCEEDED' ? progress.max : Math.min(p.step ?? 0, progress.max);
    steps.textContent = p.totalSteps ? ` ${p.step}/${p.totalSteps}` : '';
    evalCell.textContent = m.baseLoss != null && m.adaptedLoss != null ? `${number(m.baseLoss, 3)} → ${number(m.adaptedLoss, 3)}` : '–';
    settings.textContent = `${job.method} r${job.hyperparameters?.rank} α${number(job.hyperparameters?.alpha)}`;
    datanetCell.textContent = datanetName(job.datanetId);
  };
  update(initial);
  return { el: tr, update };
}

export default {
  name: 'training',
  title: 'Training',
  render(root, params, { signal, query }) {
    const jobs = new Map(); // id -> JobView
    const rows = new Map(); // id -> {tr, update}
    let tableWrap = null;
    // Not a live region: progress changes every two seconds; status changes are announced on their own instead.
    const listArea = h('div', {}, loading());
    const status = h('p', { class: 'notice', role: 'status', hidden: true });

    const paintList = (changed) => {
      if (!tableWrap) {
        tableWrap = table({
          caption: 'Training jobs',
          columns: ['Job', 'Datanet', 'Settings', 'Status', 'Progress', { label: 'Validation loss', className: 'num' }, 'Created'],
          rows: [],
          empty: 'No training job yet.',
        });
        replace(listArea, tableWrap);
      }
      const items = [...jobs.values()].sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)));
      placeRows(tableWrap.tbody, rows, items, (job) => job.id, jobRow);
      dropRows(rows, jobs);
      tableWrap.sync();
      if (changed) flash(rows.get(changed)?.el);
    };

    const { form, paintDatanets, paintModels } = jobForm(query, (job) => {
      jobs.set(job.id, job);
      paintList(job.id);
      status.hidden = false;
      replace(status, `Job queued on ${datanetName(job.datanetId)}. `, h('a', { href: `#/jobs/${encodeURIComponent(job.id)}` }, 'Watch it train'));
      announce(`Training job queued on ${datanetName(job.datanetId)}.`);
    });

    const load = async () => {
      const page = await get('training', '/api/jobs', { size: 50 }, signal);
      if (!tableWrap) replace(listArea);
      jobs.clear();
      for (const j of page.items) jobs.set(j.id, j);
      paintList();
    };
    const fail = (err) => {
      if (isAbort(err)) return;
      tableWrap = null;
      rows.clear();
      replace(listArea, errorBox(err, () => load().catch(fail)));
    };
    const reload = debounce(() => load().catch(fail), 400);
    const fetchJob = (id) => get('training', `/api/jobs/${encodeURIComponent(id)}`, {}, signal)
      .then((job) => { jobs.set(job.id, job); paintList(job.id); })
      .catch(() => {});

    root.append(
      pageHeader('Training', 'Fine-tune a small language model on a datanet\'s accepted data, then see whose data helped.'),
      status,
      card('New job', form),
      card('Jobs', listArea));
    paintDatanets();
    loadDatanets().then(paintDatanets).catch(() => {});
    load().catch(fail);
    get('training', '/api/base-models', {}, signal).then((catalog) => paintModels(catalog.items))
      .catch((err) => { if (!isAbort(err)) paintModels([]); });

    const subscriptions = [
      onDatanetsChange(() => { paintDatanets(); if (tableWrap) paintList(); }),
      on(EVENT.trainingStatus, ({ data }) => {
        const job = jobs.get(data.jobId);
        if (!job) {
          fetchJob(data.jobId);
          return;
        }
        const before = job.status;
        job.status = data.status;
        job.progress = { ...job.progress, step: data.step, totalSteps: data.totalSteps, loss: data.loss, tokensPerSecond: data.tokensPerSecond, etaSeconds: data.etaSeconds };
        if (data.metrics && Object.keys(data.metrics).length) job.metrics = data.metrics;
        const row = rows.get(data.jobId);
        if (!row) return paintList();
        row.update(job);
        if (before !== job.status) {
          flash(row.el);
          announce(`Job on ${datanetName(job.datanetId)} is ${job.status}.`);
          // The finished job has what the event lacks (the evaluation is in its metrics, but not the examples).
          if (TERMINAL.has(job.status)) fetchJob(job.id);
        }
      }),
      onResync(() => reload()),
    ];
    return () => {
      subscriptions.forEach((u) => u());
      reload.cancel();
    };
  },
};
