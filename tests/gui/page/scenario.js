/* Drives the panels like a user would and writes what happened into #result. */
Ext.onReady(function() {
    let out = {};
    let put = (k, v) => { out[k] = v; };
    try {
	let entry = addMenuEntries().find(e => e.type === 'smbgateway');
	put('menu', entry ? entry.text : null);
	let win = Ext.create('PVE.storage.BaseEdit', { type: 'smbgateway', paneltype: entry.paneltype,
	    x: 10, y: 10 });
	win.show();
	let field = name => win.down('field[name=' + name + ']');
	put('fields', win.query('field').map(f => f.getName()).filter(n => n));

	// What the CLI refuses, the dialog refuses.
	let bad = {
	    'smbgw-quota': 'lots', 'smbgw-share': 'a[b]', 'smbgw-comment': '100%',
	    'smbgw-valid-users': 'alice,,bob', 'smbgw-snapshots': 'yearly=3', path: 'relative/dir',
	};
	let errors = {};
	Object.keys(bad).forEach(name => {
	    field(name).setValue(bad[name]);
	    errors[name] = field(name).getErrors()[0] || null;
	    field(name).setValue('');
	});
	field('smbgw-share').setValue('Global');
	errors.reserved = field('smbgw-share').getErrors()[0] || null;
	field('smbgw-share').setValue('');
	put('errors', errors);
	field('storage').setValue('team');
	field('smbgw-quota').setValue('lots');
	field('path').setValue('/srv/pool/team');
	put('submitInvalid', win.submit());
	put('requestsAfterInvalid', window.__requests.length);

	field('smbgw-quota').setValue('10G');
	field('smbgw-comment').setValue('Team files');
	field('smbgw-valid-users').setValue('alice,@"DOM\\Domain Users"');
	field('smbgw-snapshots').setValue('hourly=24,daily=7');
	field('smbgw-browseable').setValue(false);
	put('submitValid', win.submit());
	put('request', window.__requests[window.__requests.length - 1]);

	// The status panel, from stand-in API answers.
	window.__responses['/storage/team'] = { storage: 'team', type: 'smbgateway',
	    path: '/srv/pool/team', 'smbgw-quota': '10G', 'smbgw-mode': 'native',
	    'smbgw-snapshots': 'hourly=24,daily=7', 'smbgw-valid-users': 'alice' };
	window.__responses['/nodes/pve1/storage/team/status'] = { active: 1,
	    total: 10737418240, used: 2684354560, avail: 8053063680 };
	let status = Ext.create('PVE.storage.SMBGatewayStatus', { storage: 'team',
	    nodename: 'pve1', renderTo: Ext.getBody(), width: 420, x: 740, y: 10,
	    floating: true });
	status.show();
	let cells = {};
	status.getEl().query('td').forEach(td => { cells[td.className] = td.textContent; });
	put('status', cells);
	put('statusRequests', window.__requests.slice(-2).map(r => r.url));

	// The Summary tab: our panel under PVE's status view, for smbgateway only.
	let summary = type => Ext.create('PVE.storage.Summary', { pveSelNode: { data: {
	    node: 'pve1', storage: 'team', plugintype: type } } });
	put('summaryItems', {
	    smbgateway: summary('smbgateway').items.getRange().map(c => c.itemId || c.xtype),
	    dir: summary('dir').items.getRange().map(c => c.itemId || c.xtype),
	});
    } catch (e) {
	put('exception', String(e) + '\n' + (e.stack || ''));
    }
    let pre = document.createElement('pre');
    pre.id = 'result';
    pre.style.display = 'none';
    pre.textContent = JSON.stringify(out);
    document.body.appendChild(pre);
});
