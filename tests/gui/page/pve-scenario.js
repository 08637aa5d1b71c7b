/* The user, in PVE's own web UI (added to the page by the test's server, after
 * everything pveproxy's page loads): logs in, opens Datacenter -> Storage -> Add ->
 * SMB Gateway, fills the dialog and submits it. Reports each step, every browser error
 * and the outcome to the server (POST /__test/result). */
(function() {
    let { post, config, sleep, waitFor, one, ofClass, click, type, steps, step, login,
	clickButton, openDatacenter, cutLabels } = window.pveUser;

    let run = async () => {
	await login();

	let dc = await openDatacenter();
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
	post({ cutLabels: await cutLabels(win) });
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
