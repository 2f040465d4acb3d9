// The phone simulator: picks a channel and a customer, posts what the customer types through
// the simulator API (which sends real signed webhooks) and polls the conversation for replies.
(() => {
  const api = 'api';
  const $ = id => document.getElementById(id);
  const state = { channels: [], cursor: 0, key: '', messages: new Map(), timer: null };

  const channel = () => state.channels[$('channel').selectedIndex];
  const customer = () => $('customer').value.trim();
  const conversationUrl = () => {
    const c = channel();
    return `${api}/conversations/${c.provider}/${encodeURIComponent(c.business)}/${encodeURIComponent(customer())}`;
  };

  async function loadChannels() {
    const accounts = await (await fetch(`${api}/accounts`)).json();
    state.channels = [
      ...accounts.meta.map(n => ({ provider: 'meta', business: n.phoneNumberId, label: `${n.verifiedName} ${n.displayPhoneNumber} (Meta)`, name: n.verifiedName })),
      ...accounts.twilio.flatMap(a => a.whatsAppNumbers.map(n => ({ provider: 'twilio', business: n, label: `${a.friendlyName} ${n} (Twilio)`, name: a.friendlyName }))),
    ];
    $('channel').replaceChildren(...state.channels.map(c => new Option(c.label)));
    if (state.channels.length === 0) {
      $('webhook').textContent = 'No channel is registered: add one in the "Sandbox" configuration or through PUT /sandbox/api/accounts/...';
    }
    restart();
  }

  function restart() {
    state.cursor = 0;
    state.messages.clear();
    $('messages').replaceChildren();
    const c = channel();
    $('businessName').textContent = c ? c.name : 'No channel';
    if (c) poll();
  }

  async function poll() {
    clearTimeout(state.timer);
    const c = channel();
    if (!c || !customer()) return;
    const key = `${c.provider}|${c.business}|${customer()}`;
    try {
      const response = await fetch(`${conversationUrl()}?after=${state.cursor}`);
      if (response.ok && key === `${channel().provider}|${channel().business}|${customer()}`) {
        const snapshot = await response.json();
        state.cursor = snapshot.cursor;
        snapshot.messages.forEach(render);
        $('presence').textContent = snapshot.typing ? 'typing…' : '';
        const windowText = snapshot.windowOpen
          ? `24-hour window open (customer last wrote ${new Date(snapshot.lastInboundAt).toLocaleString()})`
          : '24-hour window closed: only templates can reach this customer';
        $('window').textContent = windowText;
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
      const quoted = state.messages.get(message.replyTo);
      parts.push(el('span', 'quote', quoted ? quoted.querySelector('.body')?.textContent ?? '' : 'Replying to a message'));
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

  async function send(content) {
    const c = channel();
    if (!c) return;
    const body = { business: c.business, customer: customer(), customerName: $('customerName').value.trim() || 'Customer', ...content };
    const response = await fetch(`${api}/simulate/${c.provider}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    const result = await response.json();
    const note = $('webhook');
    if (!response.ok) {
      note.textContent = result.detail ?? 'The simulator refused the message.';
    } else {
      note.textContent = result.status === 0
        ? `Webhook ${result.webhookUrl} unreachable: ${result.error}`
        : `Webhook ${result.webhookUrl} answered ${result.status}`;
    }
    note.classList.toggle('error', !response.ok || result.status < 200 || result.status >= 300);
    poll();
  }

  $('composer').addEventListener('submit', event => {
    event.preventDefault();
    const text = $('text').value;
    if (!text.trim()) return;
    $('text').value = '';
    send({ text });
  });

  $('file').addEventListener('change', () => {
    const file = $('file').files[0];
    if (!file) return;
    const reader = new FileReader();
    reader.onload = () => {
      const kind = file.type.startsWith('image/') ? 'image' : file.type.startsWith('audio/') ? 'audio' : file.type.startsWith('video/') ? 'video' : 'document';
      const contentBase64 = reader.result.split(',')[1];
      const caption = $('text').value;
      $('text').value = '';
      send({ text: caption || null, media: { kind, mimeType: file.type || 'application/octet-stream', contentBase64, fileName: file.name } });
      $('file').value = '';
    };
    reader.readAsDataURL(file);
  });

  $('channel').addEventListener('change', restart);
  $('customer').addEventListener('change', restart);
  loadChannels();
})();
