/*
 * pvesmbgw: the "Add: SMB Gateway" storage dialog and a share status panel for the
 * PVE web GUI. Loaded after pvemanagerlib.js (see pvesmbgw-gui-hook); talks only to
 * the PVE API (/storage, /nodes/{node}/storage/{id}/status). The checks mirror the
 * agent's own (pvesmbgw/smb/model.py, core/units.py, storage/snapshots.py), so the dialog refuses
 * what `pve-smbgateway create` would refuse; the agent checks again anyway.
 */

Ext.define('PVE.storage.SMBGatewayValidate', {
    singleton: true,

    reservedNames: ['global', 'homes', 'printers', 'print$', 'ipc$'],
    forbiddenName: /[[\]=%\/\\:*?"<>|;,]/, // '/' escaped for xgettext
    control: /[\x00-\x1f\x7f]/,
    size: /^\d+(?:\.\d+)?\s*[KMGTP]?(?:i?B)?$/i,
    principal: /^[@+&]?(?:"[^"%[\]=]+"|[^\s",%[\]=]+)$/,
    period: /^(hourly|daily|weekly|monthly)=(\d+)$/,

    text: function(value, max) {
	if (this.control.test(value)) {
	    return gettext('must not contain newlines or control characters');
	}
	if (value !== value.trim()) {
	    return gettext('must not start or end with a space');
	}
	if (value.length > max) {
	    return Ext.String.format(gettext('is longer than {0} characters'), max);
	}
	return true;
    },

    shareName: function(value) {
	if (!value) {
	    return true; // defaults to the storage ID
	}
	let res = this.text(value, 80);
	if (res !== true) {
	    return res;
	}
	let bad = value.match(this.forbiddenName);
	if (bad) {
	    return Ext.String.format(gettext("must not contain '{0}'"), bad[0]);
	}
	if (this.reservedNames.indexOf(value.toLowerCase()) !== -1) {
	    return gettext('is reserved by Samba');
	}
	return true;
    },

    quota: function(value) {
	if (!value) {
	    return true;
	}
	let m = value.trim().match(this.size);
	if (!m || parseFloat(value) <= 0) {
	    return gettext('not a size (use e.g. 500M, 1G, 2T)');
	}
	return true;
    },

    comment: function(value) {
	let res = this.text(value || '', 256);
	if (res === true && (value || '').indexOf('%') !== -1) {
	    return gettext("must not contain '%' (Samba expands it)");
	}
	return res;
    },

    validUsers: function(value) {
	if (!value) {
	    return true;
	}
	let res = this.text(value, 4096);
	if (res !== true) {
	    return res;
	}
	let items = [], current = '', quoted = false;
	for (const ch of value) {
	    if (ch === '"') {
		quoted = !quoted;
	    }
	    if (ch === ',' && !quoted) {
		items.push(current);
		current = '';
	    } else {
		current += ch;
	    }
	}
	if (quoted) {
	    return gettext('unbalanced double quote');
	}
	items.push(current);
	for (const raw of items) {
	    let item = raw.trim();
	    if (!item) {
		return gettext('empty entry in the list');
	    }
	    if (!this.principal.test(item)) {
		return Ext.String.format(gettext("not a user or @group name: '{0}'"), item);
	    }
	}
	return true;
    },

    snapshots: function(value) {
	let text = (value || '').trim().toLowerCase();
	if (text === '' || text === 'none' || text === 'off') {
	    return true;
	}
	for (const raw of value.split(',')) {
	    let m = raw.trim().match(this.period);
	    if (!m) {
		return gettext('use hourly|daily|weekly|monthly=COUNT, comma separated');
	    }
	    let n = parseInt(m[2], 10);
	    if (n < 1 || n > 10000) {
		return gettext('count must be 1..10000');
	    }
	}
	return true;
    },

    path: function(value) {
	return /^\/[-\/a-zA-Z0-9_.@]+$/.test(value || '') || // '/' escaped for xgettext
	    gettext('an absolute path of letters, digits and -_.@/');
    },
});

Ext.define('PVE.storage.SMBGatewayInputPanel', {
    extend: 'PVE.panel.StorageBase',

    onGetValues: function(values) {
	let me = this;
	let fixed = ['path', 'smbgw-share', 'smbgw-mode'];
	let optional = ['smbgw-share', 'smbgw-quota', 'smbgw-comment', 'smbgw-valid-users',
	    'smbgw-snapshots'];
	let del = [];
	optional.forEach(key => {
	    if (values[key] === undefined || values[key] === '') {
		delete values[key];
		if (!me.isCreate && fixed.indexOf(key) === -1) {
		    del.push(key);
		}
	    }
	});
	if (!me.isCreate) {
	    fixed.forEach(key => delete values[key]);
	}
	// booleans: only what differs from the default on create
	['smbgw-read-only'].forEach(key => {
	    values[key] = values[key] ? 1 : 0;
	    if (me.isCreate && !values[key]) {
		delete values[key];
	    }
	});
	['smbgw-browseable'].forEach(key => {
	    values[key] = values[key] ? 1 : 0;
	    if (me.isCreate && values[key]) {
		delete values[key];
	    }
	});
	if (del.length) {
	    values.delete = del;
	}
	return me.callParent([values]);
    },

    initComponent: function() {
	let me = this;
	let V = PVE.storage.SMBGatewayValidate;

	me.column1 = [
	    {
		xtype: me.isCreate ? 'textfield' : 'displayfield',
		name: 'path',
		fieldLabel: gettext('Directory'),
		emptyText: '/srv/pool/share',
		allowBlank: false,
		validator: v => V.path(v),
	    },
	    {
		xtype: me.isCreate ? 'textfield' : 'displayfield',
		name: 'smbgw-share',
		fieldLabel: gettext('Share name'),
		emptyText: gettext('Storage ID'),
		validator: v => V.shareName(v),
	    },
	    {
		xtype: me.isCreate ? 'combobox' : 'displayfield',
		name: 'smbgw-mode',
		fieldLabel: gettext('Gateway'),
		value: 'native',
		editable: false,
		store: [['native', gettext('Samba on this node')],
		    ['lxc', gettext('Gateway container')],
		    ['vm', gettext('Gateway VM')]],
	    },
	    {
		xtype: 'textfield',
		name: 'smbgw-quota',
		fieldLabel: gettext('Quota'),
		emptyText: gettext('none') + ' (500M, 10G, 2T)',
		validator: v => V.quota(v),
	    },
	    {
		xtype: 'pveContentTypeSelector',
		cts: ['iso', 'vztmpl', 'backup', 'snippets'],
		fieldLabel: gettext('Content'),
		name: 'content',
		value: ['iso', 'backup'],
		multiSelect: true,
		allowBlank: false,
	    },
	];

	me.column2 = [
	    {
		xtype: 'textfield',
		name: 'smbgw-comment',
		fieldLabel: gettext('Comment'),
		validator: v => V.comment(v),
	    },
	    {
		xtype: 'textfield',
		name: 'smbgw-valid-users',
		fieldLabel: gettext('Valid users'),
		emptyText: gettext('any Samba user'),
		validator: v => V.validUsers(v),
	    },
	    {
		xtype: 'textfield',
		name: 'smbgw-snapshots',
		fieldLabel: gettext('Snapshots'),
		emptyText: 'hourly=24,daily=7',
		validator: v => V.snapshots(v),
	    },
	    {
		xtype: 'proxmoxcheckbox',
		name: 'smbgw-read-only',
		fieldLabel: gettext('Read-only'),
		uncheckedValue: 0,
	    },
	    {
		xtype: 'proxmoxcheckbox',
		name: 'smbgw-browseable',
		fieldLabel: gettext('Browseable'),
		checked: true,
		uncheckedValue: 0,
	    },
	];

	me.callParent();

	// Labels wrap between words, and ExtJS cuts off what still does not fit: every label
	// of the panel (PVE's ID, Nodes and Enable too, added by StorageBase) gets the width
	// of the longest word of any, in the user's language (German "Sichtbar in
	// Netzwerkumgebung" needs "Netzwerkumgebung:"), at least PVE's 100 px, so the
	// English dialog stays as PVE lays it out. Measured in the page's font, which
	// labels use (as Proxmox.Utils.compute_min_label_width measures); set before the
	// fields render, it wins over the form's fieldDefaults.
	let fields = me.query('field').filter(f => f.getFieldLabel());
	let metrics = new Ext.util.TextMetrics();
	let width = Math.max(100, ...fields.flatMap(f => f.getFieldLabel().split(/\s+/)
	    .map(word => metrics.getWidth(word + ':') + 2)));
	metrics.destroy();
	fields.forEach(f => { f.labelWidth = width; });
    },
});

// A share's state as the PVE API reports it: its storage config and live status.
Ext.define('PVE.storage.SMBGatewayStatus', {
    extend: 'Ext.panel.Panel',
    alias: 'widget.pveSMBGatewayStatus',

    bodyPadding: 10,
    storage: undefined,
    nodename: undefined,

    render_rows: function(config, status) {
	let share = config['smbgw-share'] || config.storage;
	let total = status.total || 0, used = status.used || 0;
	let usage = status.active
	    ? Ext.String.format('{0} / {1} ({2}%)', Proxmox.Utils.format_size(used),
		Proxmox.Utils.format_size(total), total ? Math.round(used * 100 / total) : 0)
	    : gettext('not active');
	// [key, label, value]: the key names the cell's class (smbgw-KEY), in every language
	let rows = [
	    ['share', gettext('Share'), '\\\\' + this.nodename + '\\' + share],
	    ['directory', gettext('Directory'), config.path],
	    ['gateway', gettext('Gateway'), {
		lxc: gettext('Gateway container'), vm: gettext('Gateway VM'),
	    }[config['smbgw-mode']] || gettext('Samba on this node')],
	    ['usage', gettext('Usage'), usage],
	    ['quota', gettext('Quota'), config['smbgw-quota'] || gettext('none')],
	    ['snapshots', gettext('Snapshots'), config['smbgw-snapshots'] || gettext('no schedule')],
	    ['access', gettext('Access'),
		(config['smbgw-read-only'] ? gettext('read-only') : gettext('read-write')) +
		', ' + (config['smbgw-valid-users'] || gettext('any Samba user'))],
	    ['active-directory', gettext('Active Directory'),
		config['smbgw-ad-domain'] || gettext('not joined')],
	    ['cluster', gettext('Cluster'), config['smbgw-ha'] ? 'CTDB' : gettext('this node only')],
	];
	return rows.map(r => '<tr><th style="text-align:left;padding-right:1em">' +
	    Ext.htmlEncode(r[1]) + '</th><td class="smbgw-' + r[0] + '">' +
	    Ext.htmlEncode(r[2]) + '</td></tr>').join('');
    },

    reload: function() {
	let me = this;
	let config;
	Proxmox.Utils.API2Request({
	    url: '/storage/' + me.storage,
	    method: 'GET',
	    success: function(response) {
		config = response.result.data;
		Proxmox.Utils.API2Request({
		    url: '/nodes/' + me.nodename + '/storage/' + me.storage + '/status',
		    method: 'GET',
		    success: function(r) {
			me.update('<table class="smbgw-status">' +
			    me.render_rows(config, r.result.data) + '</table>');
		    },
		    failure: response2 => me.update(Ext.htmlEncode(response2.htmlStatus)),
		});
	    },
	    failure: response => me.update(Ext.htmlEncode(response.htmlStatus)),
	});
    },

    initComponent: function() {
	let me = this;
	if (!me.storage || !me.nodename) {
	    throw "no storage or node name given";
	}
	me.title = me.title || gettext('SMB share');
	me.callParent();
	me.on('afterrender', () => me.reload());
    },
});

// The status panel on the Summary tab of smbgateway storages, below PVE's own
// status view (PVE.storage.Summary builds its items before calling its parent).
if (Ext.ClassManager.get('PVE.storage.Summary')) {
    Ext.define('PVE.storage.SMBGatewaySummary', {
	override: 'PVE.storage.Summary',
	initComponent: function() {
	    let me = this;
	    me.callParent();
	    let data = (me.pveSelNode && me.pveSelNode.data) || {};
	    if (data.plugintype === 'smbgateway') {
		me.insert(1, { xtype: 'pveSMBGatewayStatus', storage: data.storage,
		    nodename: data.node });
	    }
	},
    });
}

// The storage type in the GUI's "Add" menu and storage list.
PVE.Utils.storageSchema.smbgateway = {
    name: gettext('SMB Gateway'),
    ipanel: 'SMBGatewayInputPanel',
    faIcon: 'share-alt',
    backups: true,
};
