/* What every scenario in PVE's own web UI uses (the test's server adds it to the page
 * before the scenario, after everything pveproxy's page loads): the test's config
 * (GET /__test/config), reports to the server (POST /__test/result), every browser
 * error reported, and a user's waiting, clicking and typing. */
window.pveUser = (function() {
    // The page's own requests, as they were before a scenario watches or stops them.
    let xhrSend = XMLHttpRequest.prototype.send;
    // Once the scenario reported its outcome the page asks nothing more (its periodic
    // updates end with their next request): a screenshot run then spends the rest of its
    // virtual time at once instead of waiting on the simulator's answers.
    let freeze = () => {
	XMLHttpRequest.prototype.send = function() {};
	window.fetch = () => new Promise(() => undefined);
    };
    let post = o => {
	// The test's own channel: a report is sent again if the loaded machine dropped it.
	for (let attempt = 1; ; attempt++) {
	    try {
		let x = new XMLHttpRequest();
		x.open('POST', '/__test/result', false);
		x.setRequestHeader('Content-Type', 'application/json');
		xhrSend.call(x, JSON.stringify(o));
		break;
	    } catch (e) {
		if (attempt === 3) {
		    throw e;
		}
	    }
	}
	if ('done' in o) {
	    freeze();
	}
    };
    let config = (() => {
	let x = new XMLHttpRequest();
	x.open('GET', '/__test/config', false);
	x.send();
	return JSON.parse(x.responseText);
    })();
    window.addEventListener('error', e => post({ error: String(e.message),
	where: (e.filename || '') + ':' + (e.lineno || '') }));
    window.addEventListener('unhandledrejection', e => post({ error: 'unhandled rejection: ' +
	String(e.reason) }));
    let consoleError = console.error;
    console.error = function(...args) {
	post({ error: 'console.error: ' + args.map(String).join(' ') });
	consoleError.apply(console, args);
    };

    // Waiting takes real time and virtual time: a daemon and the simulator run in real
    // time, while the headless browser's virtual time (its timers) would run ahead; it
    // pauses while a network fetch is pending, as this one is for MS real milliseconds,
    // then the page's timers get MS virtual milliseconds.
    // A request a loaded machine dropped is asked again, at last synchronously (which
    // blocks the page in real time too): never may the page's clock run on alone, or
    // the virtual time of a screenshot run would be spent before the scenario ends.
    let sleep = async ms => {
	let waited = false;
	for (let attempt = 0; attempt < 5 && !waited; attempt++) {
	    try {
		await fetch('/__test/sleep?ms=' + ms).then(r => r.text());
		waited = true;
	    } catch (e) {
		// "Failed to fetch": ask again
	    }
	}
	if (!waited) {
	    let x = new XMLHttpRequest();
	    x.open('GET', '/__test/sleep?ms=' + ms, false);
	    xhrSend.call(x);  // throws if the test's server does not answer at all
	}
	await new Promise(r => setTimeout(r, ms));
    };
    // Two minutes by default: the simulator answers PVE's API slowly on a loaded machine.
    let waitFor = async (what, fn, ms = 120000) => {
	for (let t = 0; t < ms; t += 100) {
	    let v;
	    try { v = fn(); } catch (e) { v = undefined; }
	    if (v) return v;
	    await sleep(100);
	}
	throw new Error('timed out waiting for ' + what);
    };
    let one = q => Ext.ComponentQuery.query(q).find(c => c.isVisible(true));
    let ofClass = (q, cls) => Ext.ComponentQuery.query(q).find(
	c => c instanceof cls && c.isVisible(true));
    let loginWindow = () => ofClass('window', PVE.window.LoginWindow);
    // A user's click: the pointer and mouse events a real click fires, on the element.
    let click = dom => {
	let r = dom.getBoundingClientRect();
	let at = { bubbles: true, cancelable: true, view: window, button: 0,
	    clientX: r.left + r.width / 2, clientY: r.top + r.height / 2 };
	dom.dispatchEvent(new PointerEvent('pointerdown', { ...at, pointerType: 'mouse', isPrimary: true }));
	dom.dispatchEvent(new MouseEvent('mousedown', at));
	dom.dispatchEvent(new PointerEvent('pointerup', { ...at, pointerType: 'mouse', isPrimary: true }));
	dom.dispatchEvent(new MouseEvent('mouseup', at));
	dom.dispatchEvent(new MouseEvent('click', at));
    };
    let type = (field, value) => { field.focus(); field.setValue(value); field.validate(); };
    let steps = [];
    let step = s => { steps.push(s); post({ step: s }); };
    // Logs in as USER (password "secret", realm pam) in PVE's login window; SEEN(window)
    // first, for what a test reads there.
    let login = async (user = 'root', seen = () => undefined) => {
	let win = await waitFor('the login window', loginWindow);
	step('login window');
	seen(win);
	type(win.down('field[name=username]'), user);
	type(win.down('field[name=password]'), 'secret');
	await waitFor('the realm list', () => win.down('field[name=realm]').getValue() === 'pam');
	click(win.down('button[reference=loginButton]').el.dom);
	await waitFor('the login window to close', () => !loginWindow());
	step('logged in');
    };
    // Clicks OWNER's button QUERY once it is shown and enabled.
    let clickButton = async (owner, query, what) => {
	let b = await waitFor(what, () => {
	    let c = owner.down(query);
	    return c && c.isVisible(true) && !c.isDisabled() && c.el ? c : undefined;
	});
	click(b.el.dom);
	return b;
    };
    // Opens Datacenter from the resource tree: its configuration panel.
    let openDatacenter = async () => {
	let tree = await waitFor('the resource tree', () => one('pveResourceTree'));
	let root = await waitFor('Datacenter', () => tree.getStore().getNodeById('root'));
	click(tree.getView().getNode(root).querySelector('.x-tree-node-text') ||
	      tree.getView().getNode(root));
	let dc = await waitFor('the Datacenter panel', () => ofClass('panel', PVE.dc.Config));
	step('datacenter');
	return dc;
    };
    // The labelled fields of OWNER (shown) whose label is cut off, once all are rendered:
    // ExtJS wraps a label between words and hides what still overflows its width.
    // [name, label, the width its text needs, the width it has].
    let cutLabels = async owner => {
	let fields = await waitFor('the labels', () => {
	    let shown = owner.query('field').filter(f => f.isVisible(true) && f.getFieldLabel());
	    return shown.length && shown.every(f => f.labelEl) ? shown : undefined;
	});
	return fields.map(f => [f.name, f.getFieldLabel(), f.labelEl.dom.scrollWidth,
	    f.labelEl.dom.clientWidth]).filter(([, , needs, has]) => needs > has);
    };
    return { post, config, sleep, waitFor, one, ofClass, click, type, steps, step, login,
	clickButton, openDatacenter, cutLabels };
})();
