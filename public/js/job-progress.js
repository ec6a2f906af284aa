// Keeps a job's progress page current without reloading (the page works without it: it has a
// refresh link). Polls the JSON API every second until the job finishes.
const box = document.getElementById('job-status');
if (box) {
  const id = box.dataset.jobId;
  const bar = document.getElementById('job-progress');
  const msg = document.getElementById('job-message');
  const tick = async () => {
    const res = await fetch(`/api/v1/jobs/${id}`, { headers: { accept: 'application/json' } });
    if (!res.ok) return;
    const job = await res.json();
    const pct = Math.round(job.progress * 100);
    bar.value = pct;
    bar.textContent = `${pct}%`;
    msg.textContent = `${pct}% – ${job.message}`;
    if (job.status === 'queued' || job.status === 'running') {
      setTimeout(tick, 1000);
    } else {
      window.location.reload();
    }
  };
  if (box.dataset.status === 'queued' || box.dataset.status === 'running') setTimeout(tick, 1000);
}
