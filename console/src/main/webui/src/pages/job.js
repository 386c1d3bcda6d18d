// #/jobs/{id}: one training job as it runs and after: status, progress, the loss curve, the evaluation before
// and after, whose data influenced the adapter (attribution) and the adapter's files.
// API: GET /api/jobs/{id}, POST /api/jobs/{id}/cancel, GET /api/jobs/{id}/attribution, the adapter downloads
// (training-service). Live: training.status of this job (progress, loss points, final metrics) and
// attribution.computed of this job.
//
// The loss curve is the history the service recorded (GET /api/jobs/{id}/progress), read first, then the live
// progress events appended (stores/loss.js). There is no validation loss per step, only the evaluation before and
// after training, drawn as two reference lines.

import { h, replace, announce } from '../dom.js';
import { get, post, postForEvents, downloadUrl, ApiError } from '../api.js';
import { EVENT, on, onResync } from '../events.js';
import { field, FormErrors, whileBusy, numberValue, controlCharacter, isAbort } from '../forms.js';
import { lineChart, barChart } from '../charts.js';
import { lossCurve } from '../stores/loss.js';
import { datanet as findDatanet, datanetName, loadDatanets } from '../stores/datanets.js';
import { hasRole } from '../session.js';
import { replaceHeader, badge, setBadge, card, debounce, errorBox, facts, loading, pageHeader, table } from '../ui.js';
import { bytes, dateTime, duration, number, percent } from '../format.js';
import { render as rerender } from '../router.js';
import { me } from '../app.js';

const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);
const ADAPTER_FILES = ['adapter_config.json', 'adapter_model.safetensors'];

export default {
  name: 'job',
  title: 'Training job',
  render(root, { id }, { signal }) {
    let job = null;
    let attribution = null;
    const path = `/api/jobs/${encodeURIComponent(id)}`;
    // Subscribed before anything is read, so no progress event falls between the history and the live points.
    const curve = lossCurve(id, { signal, onChange: () => { if (job) paintChart(); } });

    const head = h('div', {}, pageHeader('Training job'));
    const statusBadge = badge('…', { testid: 'job-status' });
    const progressBar = h('progress', { testid: 'job-progress', max: 1, value: 0, 'aria-label': 'Training progress' });
    const progressText = h('p', { class: 'progress-text' });
    const cancelButton = h('button', { type: 'button', class: 'button bad', testid: 'job-cancel', hidden: true }, 'Cancel job');
    const cancelError = h('div', {});
    const message = h('p', { class: 'note' });
    const chartArea = h('div', { class: 'chart-area' });
    const evalArea = h('div', {});
    const settingsArea = h('div', {});
    const attributionArea = h('div', {}, h('p', { class: 'empty' }, 'Computed when the job succeeds.'));
    const adapterArea = h('div', {}, h('p', { class: 'empty' }, 'Available when the job succeeds.'));
    const playgroundArea = h('div', {}, h('p', { class: 'empty' }, 'Available when the job succeeds.'));
    const body = h('div', { hidden: true },
      card('Status',
        h('div', { class: 'status-line' }, statusBadge, h('div', { class: 'grow' }, progressBar, progressText), cancelButton),
        message, cancelError),
      card('Loss', chartArea),
      h('div', { class: 'split' }, card('Evaluation', evalArea), card('Settings', settingsArea)),
      card('Attribution', attributionArea),
      card('Adapter', adapterArea),
      card('Try it', playgroundArea));
    const placeholder = h('div', {}, loading());
    root.append(head, placeholder, body);

    const paintHead = () => {
      const lead = `${job.method === 'QLORA' ? 'QLoRA' : 'LoRA'} of ${job.baseModel} on ${datanetName(job.datanetId)} · `
        + `${job.trigger === 'AUTOMATIC' ? 'started automatically' : `started by ${job.requestedBy}`} · ${dateTime(job.createdAt)}`;
      replaceHeader(head, pageHeader(`Job ${job.id.replace(/^job-/, '').slice(0, 8)}`, lead,
        h('a', { class: 'button subtle', href: `#/datanets/${encodeURIComponent(job.datanetId)}` }, 'Open the datanet')));
    };

    const paintStatus = () => {
      const p = job.progress ?? {};
      setBadge(statusBadge, job.status);
      const total = p.totalSteps || 0;
      progressBar.max = total || 1;
      progressBar.value = job.status === 'SUCCEEDED' ? (total || 1) : Math.min(p.step ?? 0, total || 1);
      const parts = [];
      if (total) parts.push(`step ${p.step} of ${total} (${percent((p.step ?? 0) / total)})`);
      else if (job.status === 'QUEUED') parts.push('waiting for a worker');
      if (p.loss != null) parts.push(`loss ${number(p.loss, 4)}`);
      if (job.status === 'RUNNING' && p.tokensPerSecond) parts.push(`${number(p.tokensPerSecond, 0)} tokens/s`);
      if (job.status === 'RUNNING' && p.etaSeconds != null) parts.push(`about ${duration(p.etaSeconds)} left`);
      if (job.attempt > 1) parts.push(`attempt ${job.attempt}${p.checkpointStep ? `, resumed from a checkpoint` : ''}`);
      progressText.textContent = parts.join(' · ');
      message.textContent = job.message ?? (job.cancelRequested && !TERMINAL.has(job.status) ? 'Cancellation requested; the job stops at its next heartbeat.' : '');
      const mayCancel = hasRole('operator') || findDatanet(job.datanetId)?.ownerId === me();
      cancelButton.hidden = !mayCancel || TERMINAL.has(job.status) || job.cancelRequested;
    };

    const paintChart = () => {
      const points = curve.points().map((p) => ({ x: p.step, y: p.loss }));
      const m = job.metrics ?? {};
      const total = job.progress?.totalSteps || undefined;
      const guides = [
        { y: m.baseLoss, label: 'validation before', className: 'before', testid: 'loss-guide-before' },
        { y: m.adaptedLoss, label: 'validation after', className: 'after', testid: 'loss-guide-after' },
      ];
      const first = points[0];
      const last = points[points.length - 1];
      const svg = lineChart({
        series: [{ label: 'training loss', points, className: 'train', testid: 'loss-line' }],
        guides,
        xMax: total,
        title: 'Loss by training step',
        desc: points.length
          ? `Training loss from ${number(first.y, 3)} at step ${first.x} to ${number(last.y, 3)} at step ${last.x}${total ? ` of ${total}` : ''}.`
            + (m.baseLoss != null ? ` Validation loss ${number(m.baseLoss, 3)} before and ${number(m.adaptedLoss, 3)} after.` : '')
          : 'No loss recorded yet.',
        xLabel: 'step',
        yLabel: 'loss',
        // Drawn at the container's size so text stays at its CSS size instead of scaling with the viewBox.
        width: Math.max(320, Math.round(chartArea.clientWidth || 720)),
        height: 300,
      });
      svg.setAttribute('data-testid', 'loss-chart');
      replace(chartArea, svg,
        h('ul', { class: 'legend' },
          h('li', { class: 'train' }, 'training loss (per step)'),
          m.baseLoss != null && h('li', { class: 'before' }, 'validation loss before training'),
          m.adaptedLoss != null && h('li', { class: 'after' }, 'validation loss after training')),
        points.length === 0 && !TERMINAL.has(job.status)
          ? h('p', { class: 'hint' }, 'The curve draws itself as the job reports progress (about every two seconds).') : null,
        points.length === 0 && TERMINAL.has(job.status) && (job.progress?.step ?? 0) > 0
          ? h('p', { class: 'hint' }, 'No loss curve was recorded for this job.') : null);
    };

    const paintEval = () => {
      const m = job.metrics ?? {};
      const improved = m.baseLoss != null && m.adaptedLoss != null ? (m.baseLoss - m.adaptedLoss) / m.baseLoss : null;
      replace(evalArea, 
        h('div', { class: 'eval' },
          h('div', { class: 'eval-box' }, h('span', { class: 'label' }, 'Before'),
            h('span', { class: 'big-number', testid: 'eval-before', 'data-loss': m.baseLoss ?? '' }, m.baseLoss != null ? number(m.baseLoss, 4) : '–'),
            h('span', { class: 'sub' }, m.basePerplexity != null ? `perplexity ${number(m.basePerplexity, 2)}` : 'validation loss')),
          h('div', { class: 'eval-arrow', 'aria-hidden': 'true' }, '→'),
          h('div', { class: 'eval-box' }, h('span', { class: 'label' }, 'After'),
            h('span', { class: 'big-number', testid: 'eval-after', 'data-loss': m.adaptedLoss ?? '' }, m.adaptedLoss != null ? number(m.adaptedLoss, 4) : '–'),
            h('span', { class: 'sub' }, m.adaptedPerplexity != null ? `perplexity ${number(m.adaptedPerplexity, 2)}` : 'validation loss'))),
        improved != null && h('p', { class: improved >= 0 ? 'pos' : 'neg' },
          improved >= 0 ? `Validation loss ${percent(improved)} lower after fine-tuning.` : `Validation loss ${percent(-improved)} higher after fine-tuning.`),
        facts([
          job.method === 'QLORA' && m.quantizedBaseLoss != null && ['4-bit base loss', number(m.quantizedBaseLoss, 4)],
          m.trainTokens != null && ['Training tokens', number(m.trainTokens)],
          m.trainableParameters != null && ['Trainable parameters', number(m.trainableParameters)],
          m.baseWeightBytes != null && ['Base weights in memory', bytes(m.baseWeightBytes)],
          job.trainExamples != null && ['Examples', `${job.trainExamples} training, ${job.validationExamples} validation`],
          m.resumedFromStep ? ['Resumed from step', number(m.resumedFromStep)] : null,
        ]));
    };

    const paintSettings = () => {
      const hp = job.hyperparameters ?? {};
      replace(settingsArea, facts([
        ['Method', job.method], ['Base model', job.baseModel], ['Rank', String(hp.rank)], ['Alpha', number(hp.alpha)],
        ['Dropout', number(hp.dropout)], ['Target modules', (hp.targetModules ?? []).join(', ')],
        ['Learning rate', String(hp.learningRate)], ['Epochs', String(hp.epochs)], ['Batch size', String(hp.batchSize)],
        ['Seed', String(hp.seed)], ['Snapshot', h('code', { class: 'wrap' }, job.snapshotDigest ?? '–')],
        ['Started', dateTime(job.startedAt)], ['Finished', dateTime(job.finishedAt)],
      ]));
    };

    const paintAttribution = () => {
      if (!attribution) return;
      const items = [...(attribution.contributors ?? [])].sort((a, b) => b.share - a.share);
      replace(attributionArea, 
        h('p', { class: 'hint' }, `Method ${attribution.method}: how much each contributor's examples lowered the validation loss; shares sum to 100%.`),
        barChart({
          items: items.map((c) => ({ key: c.contributorId, label: c.contributorId, value: c.share, note: `influence ${number(c.influence, 4)}` })),
          title: 'Attribution share per contributor',
          desc: items.map((c) => `${c.contributorId} ${percent(c.share)}`).join(', '),
          barTestid: 'attribution-bar',
          width: Math.max(320, Math.round(attributionArea.clientWidth || 720)),
        }),
        table({
          caption: 'Attribution per contributor',
          columns: ['Contributor', { label: 'Influence', className: 'num' }, { label: 'Share', className: 'num' }],
          rows: items.map((c) => h('tr', { testid: 'attribution-row', 'data-contributor': c.contributorId },
            h('th', { scope: 'row' }, h('a', { href: `#/contributors/${encodeURIComponent(c.contributorId)}` }, c.contributorId)),
            h('td', { class: ['num', c.influence < 0 ? 'neg' : null] }, number(c.influence, 5)),
            h('td', { class: 'num' }, percent(c.share)))),
        }));
      attributionArea.querySelector('svg').setAttribute('data-testid', 'attribution-chart');
    };

    const paintAdapter = () => {
      if (!job.adapter) {
        replace(adapterArea, h('p', { class: 'empty' }, TERMINAL.has(job.status) ? 'This job produced no adapter.' : 'Available when the job succeeds.'));
        return;
      }
      replace(adapterArea, 
        h('p', { class: 'hint' }, 'Hugging Face PEFT layout: load it with peft.PeftModel.from_pretrained next to the base model.'),
        h('ul', { class: 'downloads' }, ADAPTER_FILES.map((file) => h('li', {},
          h('a', { href: downloadUrl('training', `${path}/adapter/${file}`), download: file, testid: 'adapter-download', 'data-file': file, class: 'button' }, `⤓ ${file}`),
          job.adapter.files?.[file] && h('code', { class: 'sub wrap', title: 'SHA-256' }, ` sha256 ${job.adapter.files[file]}`)))));
    };

    // The playground: the same prompt continued by the base model and by the adapted one, side by side, streamed.
    let playgroundPainted = false;
    const paintPlayground = () => {
      const mayUse = hasRole('operator') || findDatanet(job.datanetId)?.ownerId === me();
      if (job.status !== 'SUCCEEDED' || !job.adapter) return;
      if (!mayUse) {
        replace(playgroundArea, h('p', { class: 'empty' }, 'The datanet\'s owner and operators can try the adapter here.'));
        return;
      }
      if (playgroundPainted) return;
      playgroundPainted = true;
      const prompt = h('textarea', { testid: 'playground-prompt', name: 'prompt', rows: 3, maxlength: 2000 });
      const maxTokens = h('input', { type: 'number', testid: 'playground-max-tokens', name: 'maxTokens', value: '64', min: 1, max: 256, step: 1 });
      const temperature = h('input', { type: 'number', testid: 'playground-temperature', name: 'temperature', value: '0.8', min: 0, max: 2, step: 0.1 });
      const topP = h('input', { type: 'number', testid: 'playground-top-p', name: 'topP', value: '0.95', min: 0.05, max: 1, step: 0.05 });
      const run = h('button', { type: 'submit', class: 'button primary', testid: 'playground-generate' }, 'Generate');
      const pane = (title, testid) => {
        const text = h('pre', { class: 'completion', testid, 'aria-live': 'polite' });
        const note = h('p', { class: 'sub', testid: `${testid}-note` });
        return { el: h('div', { class: 'pane' }, h('h3', {}, title), text, note), text, note };
      };
      const base = pane(`${job.baseModel} alone`, 'playground-base');
      const adapted = pane('With this job\'s adapter', 'playground-adapted');
      const form = h('form', { class: 'form', novalidate: true, 'aria-label': 'Try the adapter' },
        field({ name: 'prompt', label: 'Prompt', control: prompt, hint: 'Both models continue it; temperature 0 always gives the same text.' }),
        h('div', { class: 'row three' },
          field({ name: 'maxTokens', label: 'New tokens', control: maxTokens, hint: '1–256' }),
          field({ name: 'temperature', label: 'Temperature', control: temperature, hint: '0 (greedy) – 2' }),
          field({ name: 'topP', label: 'Top-p', control: topP, hint: '(0, 1]' })),
        h('div', { class: 'form-actions' }, run));
      const errors = new FormErrors(form);
      const stream = (target, adapter, values) => {
        target.text.textContent = '';
        target.note.textContent = 'generating…';
        return postForEvents('training', `${path}/generate`, { ...values, adapter }, (event) => {
          if (event.text) target.text.textContent += event.text;
          if (event.done) target.note.textContent = `${event.tokens} tokens · ${event.stop === 'END_OF_TEXT' ? 'ended by the model' : 'stopped at the limit'}`;
        }, signal).catch((err) => {
          target.note.textContent = '';
          throw err;
        });
      };
      form.addEventListener('submit', async (e) => {
        e.preventDefault();
        errors.clear();
        const values = { prompt: prompt.value, maxTokens: numberValue(maxTokens), temperature: numberValue(temperature), topP: numberValue(topP) };
        const invalid = {};
        if (!values.prompt.trim()) invalid.prompt = 'write something for the models to continue';
        else if (controlCharacter(values.prompt, true)) invalid.prompt = controlCharacter(values.prompt, true);
        if (!(Number.isInteger(values.maxTokens) && values.maxTokens >= 1 && values.maxTokens <= 256)) invalid.maxTokens = 'must be a whole number between 1 and 256';
        if (!(values.temperature >= 0 && values.temperature <= 2)) invalid.temperature = 'must be in [0, 2]';
        if (!(values.topP > 0 && values.topP <= 1)) invalid.topP = 'must be in (0, 1]';
        if (errors.show(invalid)) return;
        try {
          await whileBusy(run, () => Promise.all([stream(adapted, true, values), stream(base, false, values)]));
        } catch (err) {
          if (!isAbort(err)) errors.problem(err);
        }
      });
      replace(playgroundArea, form, h('div', { class: 'split' }, base.el, adapted.el));
    };

    const paintAll = () => {
      placeholder.hidden = true;
      body.hidden = false; // first, so the charts measure their real width
      paintHead();
      paintStatus();
      paintChart();
      paintEval();
      paintSettings();
      paintAdapter();
      paintPlayground();
      paintAttribution();
    };

    const loadAttribution = async () => {
      try {
        attribution = await get('training', `${path}/attribution`, {}, signal);
        paintAttribution();
      } catch (err) {
        if (err instanceof ApiError && err.status === 409) return; // not computed yet
        if (!isAbort(err)) replace(attributionArea, errorBox(err, () => loadAttribution()));
      }
    };

    const load = async () => {
      // The job and its curve so far, together; live points then extend the curve.
      [job] = await Promise.all([get('training', path, {}, signal), curve.load()]);
      paintAll();
      if (job.status === 'SUCCEEDED') await loadAttribution();
    };
    const fail = (err) => {
      if (isAbort(err)) return;
      replace(placeholder, errorBox(err, rerender));
    };
    const reload = debounce(() => load().catch(fail), 300);

    cancelButton.addEventListener('click', async () => {
      cancelError.replaceChildren();
      if (!window.confirm('Cancel this training job?')) return;
      cancelButton.disabled = true;
      try {
        job = await post('training', `${path}/cancel`);
        paintStatus();
        announce('Cancellation requested.');
      } catch (err) {
        replace(cancelError, h('p', { class: 'form-error', testid: 'form-error', role: 'alert' }, err.message));
      } finally {
        cancelButton.disabled = false;
      }
    });

    loadDatanets().then(() => job && paintHead()).catch(() => {});
    let lastWidth = 0;
    const resized = debounce(() => {
      if (job && Math.abs(chartArea.clientWidth - lastWidth) > 20) paintChart();
      lastWidth = chartArea.clientWidth;
    }, 150);
    const observer = new ResizeObserver(resized);
    observer.observe(chartArea);
    load().catch(fail);

    const subscriptions = [
      on(EVENT.trainingStatus, ({ data }) => {
        if (data.jobId !== id || !job) return;
        const before = job.status;
        job.status = data.status;
        job.message = data.message ?? job.message;
        job.progress = { ...job.progress, step: data.step, totalSteps: data.totalSteps, loss: data.loss ?? job.progress?.loss, tokensPerSecond: data.tokensPerSecond, etaSeconds: data.etaSeconds };
        if (data.metrics && Object.keys(data.metrics).length) job.metrics = data.metrics;
        paintStatus();
        paintEval();
        if (before !== job.status) {
          announce(`Job ${job.status.toLowerCase()}.`);
          // The final state has what events do not carry (adapter files, examples, finish time): read it once.
          if (TERMINAL.has(job.status)) reload();
        }
      }),
      on(EVENT.attributionComputed, ({ data }) => {
        if (data.jobId !== id) return;
        attribution = data;
        paintAttribution();
        announce('Attribution computed.');
      }),
      onResync(() => reload()),
    ];
    return () => {
      subscriptions.forEach((u) => u());
      curve.stop();
      reload.cancel();
      observer.disconnect();
    };
  },
};
