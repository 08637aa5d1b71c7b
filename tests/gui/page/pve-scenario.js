/* The user, in PVE's own web UI (added to the page by the test's server, after
 * everything pveproxy's page loads): logs in, opens Datacenter -> Storage -> Add ->
 * SMB Gateway, fills the dialog and submits it. Reports each step, every browser error
 * and the outcome to the server (POST /__test/result). */
(function() {
    let post = o => {
	let x = new XMLHttpRequest();
	x.open('POST', '/__test/result', false);
	x.setRequestHeader('Content-Type', 'application/json');
	x.send(JSON.stringify(o));
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

    let sleep = ms => new Promise(r => setTimeout(r, ms));
    let waitFor = async (what, fn, ms = 20000) => {
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

    let run = async () => {
	let login = await waitFor('the login window', loginWindow);
	step('login window');
	type(login.down('field[name=username]'), 'root');
	type(login.down('field[name=password]'), 'secret');
	await waitFor('the realm list', () => login.down('field[name=realm]').getValue() === 'pam');
	click(login.down('button[reference=loginButton]').el.dom);
	await waitFor('the login window to close', () => !loginWindow());
	step('logged in');

	let tree = await waitFor('the resource tree', () => one('pveResourceTree'));
	let root = await waitFor('Datacenter', () => tree.getStore().getNodeById('root'));
	click(tree.getView().getNode(root).querySelector('.x-tree-node-text') ||
	      tree.getView().getNode(root));
	let dc = await waitFor('the Datacenter panel', () => ofClass('panel', PVE.dc.Config));
	step('datacenter');
	let menu = dc.down('treelist');
	let storageItem = menu.getStore().findNode('id', 'storage');
	click(menu.getItem(storageItem).el.dom);
	let view = await waitFor('the storage view', () => one('pveStorageView'));
	await waitFor('the storage list', () => view.getStore().getCount() >= 2);
	step('storage view');
	let add = view.down('button[text=Add]');
	click(add.el.dom);
	let item = await waitFor('SMB Gateway in the Add menu',
	    () => add.menu.items.getRange().find(i => i.text === 'SMB Gateway' && i.isVisible()));
	post({ addMenu: add.menu.items.getRange().map(i => i.text) });
	click(item.el.dom);
	let win = await waitFor('the Add: SMB Gateway dialog',
	    () => ofClass('window', PVE.storage.BaseEdit));
	step('dialog: ' + win.getTitle());
	let field = name => win.down('field[name=' + name + ']');
	await waitFor('the dialog\'s fields', () => field('smbgw-quota'));
	type(field('storage'), 'team');
	type(field('path'), '/srv/pool/team');
	type(field('smbgw-quota'), '10G');
	type(field('smbgw-comment'), 'Team files');
	type(field('smbgw-valid-users'), 'alice,@"DOM\\Domain Users"');
	type(field('smbgw-snapshots'), 'hourly=24,daily=7');
	field('smbgw-browseable').setValue(false);
	let submit = win.down('button[reference=submitbutton]');
	await waitFor('the Add button to be enabled', () => !submit.isDisabled());
	if (config.stopBeforeSubmit) { step('filled'); return; }
	click(submit.el.dom);
	await waitFor('the dialog to close', () => !win.isVisible() || win.destroyed);
	await waitFor('the new storage in the list',
	    () => view.getStore().findExact('storage', 'team') >= 0);
	step('created');
    };
    Ext.onReady(() => {
	run().then(() => post({ done: true, steps }),
	    e => post({ done: false, steps, exception: String(e) + '\n' + (e.stack || '') }));
    });
})();
