// The phone simulator: picks a channel and a customer, posts what the customer types through
// the simulator API (which sends real signed webhooks) and polls the conversation for replies.
(() => {
  const api = 'api';
  const $ = id => document.getElementById(id);
  const state = { channels: [], cursor: 0, messages: new Map(), timer: null, limits: null };
  const remembered = 'sandbox.channel';

  const channel = () => state.channels.find(c => c.key === $('channel').value);
  const customer = () => $('customer').value.trim();
  const conversationUrl = () => {
    const c = channel();
    return `${api}/conversations/${c.provider}/${encodeURIComponent(c.business)}/${encodeURIComponent(customer())}`;
  };

  // The same rule as the Sandbox's: an international number, never silently rewritten.
  const rule = 'an international number: + then the country code and number, 7 to 15 digits, e.g. +447700900123';
  function customerProblem(value) {
    if (!value) return `The customer number is missing: give ${rule}.`;
    if (!/^\+?[0-9][0-9 ().-]*$/.test(value)) return `'${value}' is not a phone number: give ${rule}.`;
    const digits = value.replace(/\D/g, '');
    if (digits.startsWith('0')) return `'${value}' starts with 0, a national prefix: give ${rule}.`;
    if (digits.length < 7 || digits.length > 15) return `'${value}' has ${digits.length} digits: give ${rule}.`;
    return null;
  }

  function checkCustomer() {
    const problem = customerProblem(customer());
    $('customerError').textContent = problem ?? '';
    $('customerError').hidden = !problem;
    $('customer').setAttribute('aria-invalid', problem ? 'true' : 'false');
    return !problem;
  }

  function showSendError(text) {
    $('sendError').textContent = text ?? '';
    $('sendError').hidden = !text;
  }

  async function loadChannels() {
    const [accounts, limits] = await Promise.all([
      fetch(`${api}/accounts`).then(r => r.json()),
      fetch(`${api}/media/limits`).then(r => r.json()),
    ]);
    state.limits = limits;
    // The Sandbox lists channels in the order they were registered; the page keeps that order.
    state.channels = [
      ...accounts.meta.map(n => ({ key: `meta|${n.phoneNumberId}`, provider: 'meta', business: n.phoneNumberId, label: `${n.verifiedName} ${n.displayPhoneNumber} (Meta)`, name: n.verifiedName })),
      ...accounts.twilio.flatMap(a => a.whatsAppNumbers.map(n => ({ key: `twilio|${n}`, provider: 'twilio', business: n, label: `${a.friendlyName} ${n} (Twilio)`, name: a.friendlyName }))),
    ];
    $('channel').replaceChildren(...state.channels.map(c => new Option(c.label, c.key)));
    const previous = localStorage.getItem(remembered);
    if (state.channels.some(c => c.key === previous)) $('channel').value = previous;
    if (state.channels.length === 0) {
      $('webhook').textContent = 'No channel is registered: add one in the "Sandbox" configuration or through PUT /sandbox/api/accounts/...';
    }
    restart();
  }

  function restart() {
    clearTimeout(state.timer);
    state.cursor = 0;
    state.messages.clear();
    $('messages').replaceChildren();
    const c = channel();
    if (c) localStorage.setItem(remembered, c.key);
    $('businessName').textContent = c ? c.name : 'No channel';
    if (c && checkCustomer()) poll();
  }

  async function poll() {
    clearTimeout(state.timer);
    const c = channel();
    if (!c || customerProblem(customer())) return;
    const key = `${c.key}|${customer()}`;
    try {
      const response = await fetch(`${conversationUrl()}?after=${state.cursor}`);
      if (response.ok && key === `${channel()?.key}|${customer()}`) {
        const snapshot = await response.json();
        state.cursor = snapshot.cursor;
        snapshot.messages.forEach(render);
        $('presence').textContent = snapshot.typing ? 'typing…' : '';
        $('window').textContent = snapshot.windowOpen
          ? `24-hour window open (customer last wrote ${new Date(snapshot.lastInboundAt).toLocaleString()})`
          : '24-hour window closed: only templates can reach this customer';
        $('window').classList.toggle('open', snapshot.windowOpen);
      }
    } finally {
      state.timer = setTimeout(poll, 1000);
    }
  }

  function render(message) {
    let item = state.messages.get(message.messageId);
    if (!item) {
      item = document.createElement('li');
      state.messages.set(message.messageId, item);
      $('messages').append(item);
    }
    item.className = `msg ${message.from}`;
    const parts = [];
    if (message.replyTo) {
      const quoted = message.replyToPreview ?? state.messages.get(message.replyTo)?.querySelector('.body')?.textContent;
      parts.push(el('span', 'quote', quoted || 'Replying to a message'));
    }
    if (message.kind !== 'text') parts.push(el('span', 'kind', message.kind));
    parts.push(el('span', 'body', message.text));
    if (message.mediaUrl && /^https?:/.test(message.mediaUrl)) {
      const link = el('a', '', message.mediaUrl);
      link.href = message.mediaUrl;
      link.target = '_blank';
      link.rel = 'noopener';
      parts.push(document.createElement('br'), link);
    }
    if (message.options.length > 0) {
      const options = el('div', 'options');
      message.options.forEach(option => {
        const button = el('button', '', option.title);
        button.type = 'button';
        button.addEventListener('click', () => send({ button: { id: option.id, title: option.title, type: option.replyType }, replyTo: message.messageId }));
        options.append(button);
      });
      parts.push(options);
    }
    const meta = el('span', 'meta', new Date(message.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) + ' ');
    if (message.from === 'business' || message.status === 'read') {
      const ticks = el('span', `ticks ${message.status}`, { accepted: '🕓', sent: '✓', delivered: '✓✓', read: '✓✓', failed: '⚠ failed', received: '✓✓' }[message.status] ?? '');
      meta.append(ticks);
    }
    parts.push(meta);
    item.replaceChildren(...parts);
    item.scrollIntoView({ block: 'end' });
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // What a refusal says: the Sandbox's and the gateway's are problem details with a detail.
  async function reason(response, fallback) {
    try {
      const problem = await response.json();
      return problem.detail ?? problem.title ?? fallback;
    } catch {
      return `${fallback} (HTTP ${response.status})`;
    }
  }

  async function send(content) {
    const c = channel();
    if (!c) return false;
    if (!checkCustomer()) {
      showSendError('Fix the customer number first.');
      return false;
    }
    showSendError(null);
    const body = { business: c.business, customer: customer(), customerName: $('customerName').value.trim() || 'Customer', ...content };
    const response = await fetch(`${api}/simulate/${c.provider}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    const note = $('webhook');
    if (!response.ok) {
      note.textContent = await reason(response, 'The simulator refused the message.');
    } else {
      const result = await response.json();
      note.textContent = result.status === 0
        ? `Webhook ${result.webhookUrl} unreachable: ${result.error}`
        : `Webhook ${result.webhookUrl} answered ${result.status}`;
      note.classList.toggle('error', result.status < 200 || result.status >= 300);
    }
    if (!response.ok) note.classList.add('error');
    poll();
    return response.ok;
  }

  $('composer').addEventListener('submit', async event => {
    event.preventDefault();
    const text = $('text').value;
    if (!text.trim()) return;
    if (await send({ text })) $('text').value = '';
  });

  // WhatsApp's limits: documents up to 100 MB, other media up to 16 MB. Checked here so an
  // over-limit file is never half uploaded; the Sandbox and the gateway refuse it too (413).
  async function attach(file) {
    const c = channel();
    if (!c) return;
    if (!checkCustomer()) {
      showSendError('Fix the customer number first.');
      return;
    }
    const kind = file.type.startsWith('image/') ? 'image' : file.type.startsWith('audio/') ? 'audio' : file.type.startsWith('video/') ? 'video' : 'document';
    const limit = kind === 'document' ? state.limits.maxDocumentBytes : state.limits.maxMediaBytes;
    const mb = bytes => `${Math.round(bytes / 1048576)} MB`;
    if (file.size > limit) {
      showSendError(`${file.name} is ${(file.size / 1048576).toFixed(1)} MB: WhatsApp allows at most ${mb(limit)} for ${kind === 'document' ? 'a document' : `an ${kind}`}.`);
      return;
    }
    if (file.size === 0) {
      showSendError(`${file.name} is empty.`);
      return;
    }
    showSendError(`Uploading ${file.name}…`);
    const upload = await fetch(`${api}/media/${c.provider}/${encodeURIComponent(c.business)}?kind=${kind}&fileName=${encodeURIComponent(file.name)}`, {
      method: 'POST',
      headers: { 'Content-Type': file.type || 'application/octet-stream' },
      body: file,
    }).catch(() => null);
    if (!upload || !upload.ok) {
      showSendError(upload ? await reason(upload, 'The upload was refused.') : `${file.name} could not be uploaded.`);
      return;
    }
    const media = await upload.json();
    const caption = $('text').value;
    if (await send({ text: caption || null, media: { id: media.id } })) $('text').value = '';
  }

  // A button opens the file picker: a label would not take the keyboard's focus.
  $('attach').addEventListener('click', () => $('file').click());
  $('file').addEventListener('change', () => {
    const file = $('file').files[0];
    $('file').value = '';
    if (file) attach(file);
  });

  $('channel').addEventListener('change', restart);
  $('customer').addEventListener('input', checkCustomer);
  $('customer').addEventListener('change', restart);
  loadChannels();
})();
