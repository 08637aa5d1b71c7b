/*
 * Test stand-ins for the few PVE / proxmox-widget-toolkit classes the pvesmbgw panels
 * use, written for this test (not PVE's code): an input panel with two columns, the
 * storage base panel (type, ID, enable -> disable), an edit window whose Add button
 * submits the form through Proxmox.Utils.API2Request, which records the request.
 */
window.gettext = s => s;
window.__requests = [];
window.__responses = {};

Ext.define('Proxmox.Utils', {
    singleton: true,
    API2Request: function(opts) {
	window.__requests.push({ url: opts.url, method: opts.method, params: opts.params || {} });
	let data = window.__responses[opts.url];
	let cb = data === undefined ? opts.failure : opts.success;
	if (cb) {
	    cb({ result: { data: data }, htmlStatus: 'no stand-in response for ' + opts.url });
	}
    },
    format_size: function(bytes) {
	let units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'], i = 0;
	while (bytes >= 1024 && i < units.length - 1) { bytes /= 1024; i++; }
	return (i ? bytes.toFixed(2) : bytes) + ' ' + units[i];
    },
});

Ext.define('PVE.Utils', {
    singleton: true,
    storageSchema: { dir: { name: 'Directory', ipanel: 'DirInputPanel', faIcon: 'folder' } },
});

Ext.define('Proxmox.form.Checkbox', {
    extend: 'Ext.form.field.Checkbox',
    alias: 'widget.proxmoxcheckbox',
    inputValue: 1,
});

Ext.define('PVE.form.NodeSelector', { extend: 'Ext.form.field.Text', alias: 'widget.pveNodeSelector' });

Ext.define('PVE.form.ContentTypeSelector', {
    extend: 'Ext.form.field.Tag',
    alias: 'widget.pveContentTypeSelector',
    initComponent: function() {
	this.store = this.cts.map(c => [c, c]);
	this.callParent();
    },
});

Ext.define('Proxmox.panel.InputPanel', {
    extend: 'Ext.panel.Panel',
    alias: 'widget.inputpanel',
    layout: 'column',
    onGetValues: values => values,
    getValues: function() {
	let values = {};
	this.query('field').forEach(f => {
	    if (f.isFormField && f.submitValue !== false && f.getName()) {
		let v = f.getSubmitValue ? f.getSubmitValue() : f.getValue();
		if (f.xtype === 'proxmoxcheckbox') {
		    v = f.getValue() ? 1 : 0;
		}
		if (Array.isArray(f.getValue()) && f.xtype === 'pveContentTypeSelector') {
		    v = f.getValue().join(',');
		}
		if (v !== null && v !== undefined) {
		    values[f.getName()] = v;
		}
	    }
	});
	return this.onGetValues(values);
    },
    initComponent: function() {
	let col = items => ({ xtype: 'container', columnWidth: 0.5, padding: '0 10',
	    defaults: { labelWidth: 100, anchor: '100%' }, layout: 'anchor', items: items });
	this.items = [col(this.column1 || []), col(this.column2 || [])];
	this.callParent();
    },
});

Ext.define('PVE.panel.StorageBase', {
    extend: 'Proxmox.panel.InputPanel',
    type: '',
    onGetValues: function(values) {
	if (this.isCreate) {
	    values.type = this.type;
	} else {
	    delete values.storage;
	}
	values.disable = values.enable ? 0 : 1;
	delete values.enable;
	return values;
    },
    initComponent: function() {
	this.column1.unshift({ xtype: this.isCreate ? 'textfield' : 'displayfield',
	    name: 'storage', value: this.storageId || '', fieldLabel: 'ID', allowBlank: false });
	this.column2 = this.column2 || [];
	this.column2.unshift({ xtype: 'pveNodeSelector', name: 'nodes', fieldLabel: 'Nodes' },
	    { xtype: 'proxmoxcheckbox', name: 'enable', checked: true, fieldLabel: 'Enable' });
	this.callParent();
    },
});

Ext.define('PVE.storage.BaseEdit', {
    extend: 'Ext.window.Window',
    width: 720,
    modal: false,
    initComponent: function() {
	let me = this;
	me.isCreate = !me.storageId;
	me.ipanel = Ext.create(me.paneltype, { type: me.type, isCreate: me.isCreate,
	    storageId: me.storageId, border: false });
	me.form = Ext.create('Ext.form.Panel', { items: [me.ipanel], border: false, bodyPadding: 10 });
	me.title = (me.isCreate ? 'Add: ' : 'Edit: ') + PVE.Utils.storageSchema[me.type].name;
	me.items = [me.form];
	me.buttons = [{ text: me.isCreate ? 'Add' : 'OK', itemId: 'submit', handler: () => me.submit() }];
	me.callParent();
    },
    submit: function() {
	if (!this.form.getForm().isValid()) {
	    return false;
	}
	Proxmox.Utils.API2Request({
	    url: this.isCreate ? '/api2/extjs/storage' : '/api2/extjs/storage/' + this.storageId,
	    method: this.isCreate ? 'POST' : 'PUT',
	    params: this.ipanel.getValues(),
	});
	return true;
    },
});

// The Summary tab of a storage: PVE's status view, then usage graphs.
Ext.define('PVE.storage.Summary', {
    extend: 'Ext.panel.Panel',
    alias: 'widget.pveStorageSummary',
    initComponent: function() {
	this.items = [{ xtype: 'component', itemId: 'statusview', html: 'PVE status view' },
	    { xtype: 'component', itemId: 'rrd', html: 'usage graphs' }];
	this.callParent();
    },
});

// The datacenter's Storage > Add menu: one entry per storage type.
window.addMenuEntries = () => Object.keys(PVE.Utils.storageSchema).map(type => ({
    type: type, text: PVE.Utils.storageSchema[type].name,
    paneltype: 'PVE.storage.' + PVE.Utils.storageSchema[type].ipanel,
}));
