/* The user, in PVE's own web UI in German (added to the page by the test's server, after
 * everything pveproxy's page loads): logs in, opens Datacenter -> App Store and then
 * Storage -> Add -> SMB Gateway, and reports the texts the UI shows there (navigation,
 * tabs, column headers, buttons, the dialog's labels) to the server
 * (POST /__test/result), with each step and every browser error. config.stopAt
 * ("appstore") ends the walk at the App Store, for its screenshot. Finds PVE's own
 * controls by their itemId or class, never by an English text. */
(function() {
    let { post, config, sleep, waitFor, one, ofClass, click, type, steps, step, login,
	cutLabels } = window.pveUser;
    let text = c => c.el ? c.el.dom.textContent.trim() : undefined;
    if (config.appstoreBase) {
	PVE.pvesmbgw.appstoreBase = config.appstoreBase;
    }

    let run = async () => {
	post({ lang: Proxmox.defaultLang, pveCatalogue: typeof __proxmox_i18n_msgcat__ === 'object' });
	await login('root', win => post({ loginTitle: win.getTitle() }));

	let tree = await waitFor('the resource tree', () => one('pveResourceTree'));
	let root = await waitFor('Datacenter', () => tree.getStore().getNodeById('root'));
	post({ treeRoot: tree.getView().getNode(root).textContent.trim() });
	click(tree.getView().getNode(root).querySelector('.x-tree-node-text') ||
	      tree.getView().getNode(root));
	let dc = await waitFor('the Datacenter panel', () => ofClass('panel', PVE.dc.Config));
	step('datacenter');
	let menu = dc.down('treelist');
	let entries = [];
	menu.getStore().getRoot().cascadeBy(n => {
	    if (n.data.id !== 'root' && n.data.text) entries.push([n.data.id, n.data.text]);
	});
	post({ dcMenu: entries });
	let item = menu.getStore().findNode('id', 'pvesmbgw-appstore');
	post({ dcMenuShown: text(menu.getItem(item)) });
	click(menu.getItem(item).el.dom);
	let store = await waitFor('the App Store', () => one('pvesmbgwAppStore'));
	let grid = store.down('pvesmbgwAppStoreTemplates');
	let installed = store.down('pvesmbgwAppStoreInstalled');
	await waitFor('the columns', () => grid.getColumns().every(c => c.el));
	step('app store');
	post({
	    tabs: store.getTabBar().items.getRange().map(t => text(t)),
	    columns: grid.getColumns().map(c => c.textEl.dom.textContent.trim()),
	    installedColumns: installed.getColumns().map(c => c.text),
	    buttons: grid.query('button').filter(b => b.isVisible(true)).map(b => text(b)),
	    categoryLabel: grid.down('#category').getFieldLabel(),
	    categoryAll: grid.down('#category').getRawValue(),
	    searchEmpty: grid.down('#search').emptyText,
	});
	if (config.appstoreBase) {
	    await waitFor('the templates', () => grid.getStore().getCount() > 0);
	    let cells = grid.getView().getNode(0).querySelectorAll('.x-grid-cell');
	    post({ firstRow: Array.from(cells).map(c => c.textContent.trim()) });
	    step('templates');
	}
	if (config.stopAt === 'appstore') { step('stopped'); return; }

	let storageItem = menu.getStore().findNode('id', 'storage');
	click(menu.getItem(storageItem).el.dom);
	let view = await waitFor('the storage view', () => one('pveStorageView'));
	await waitFor('the storage list', () => view.getStore().getCount() >= 2);
	step('storage view');
	// Storage -> Add: the view's first toolbar button with a menu.
	let add = view.query('button').find(b => b.menu && b.isVisible(true));
	post({ addButton: text(add) });
	click(add.el.dom);
	await waitFor('the Add menu', () => add.menu.isVisible());
	let items = add.menu.items.getRange();
	post({ addMenu: items.map(i => i.text) });
	// SMB Gateway: the storage type pvesmbgw registers (PVE.Utils.storageSchema).
	let name = PVE.Utils.storageSchema.smbgateway.name;
	post({ storageTypeName: name });
	let smb = items.find(i => i.text === name);
	click(smb.el.dom);
	let win = await waitFor('the Add: SMB Gateway dialog',
	    () => ofClass('window', PVE.storage.BaseEdit));
	await waitFor('the dialog\'s fields', () => win.down('field[name=smbgw-quota]'));
	step('dialog');
	let labels = {};
	win.query('field').forEach(f => {
	    if (f.name && f.isVisible(true)) {
		labels[f.name] = [f.getFieldLabel ? f.getFieldLabel() : '',
		    f.boxLabel || '', f.emptyText || ''];
	    }
	});
	let mode = win.down('field[name=smbgw-mode]');
	post({
	    dialogTitle: win.getTitle(),
	    dialogTabs: win.query('tab').filter(t => t.isVisible(true)).map(t => text(t)),
	    labels: labels,
	    modes: mode.getStore().getRange().map(r => r.get(mode.displayField)),
	    dialogButtons: win.query('button').filter(b => b.isVisible(true) && b.text)
		.map(b => b.text),
	    cutLabels: await cutLabels(win),
	});
	step('stopped');
    };
    Ext.onReady(() => {
	run().then(() => post({ done: true, steps }),
	    e => post({ done: false, steps, exception: String(e) + '\n' + (e.stack || '') }));
    });
})();
