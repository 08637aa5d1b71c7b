/*
 * pvesmbgw App Store: the install window. Its form is generated from the template's
 * typed parameters (as `pve-svc install --param` takes them: type, required, enum,
 * min/max, pattern, secret, show_if), with PVE's node and storage selectors and the HA
 * toggle. "Pre-flight" asks the backend with dry_run=1 and shows what it found and
 * would do; only then "Install" starts the task, followed in PVE's task window.
 */

Ext.define('PVE.pvesmbgw.AppStoreParams', {
    singleton: true,

    // Does every show_if condition of P hold in VALUES (the values of the parameters
    // shown so far)? One on a hidden parameter (absent from VALUES) does not, as the
    // CLI's pvesmbgw.svc.values.shown.
    shown: function(p, values) {
	return (p.show_if || []).every(function(cond) {
	    let [ref, op, want] = cond;
	    if (!Object.prototype.hasOwnProperty.call(values, ref)) {
		return false;
	    }
	    return (String(values[ref]) === String(want)) === (op === '=');
	});
    },

    // The field of parameter P.
    field: function(p, nodename) {
	let label = p.name;
	let min = p.min ?? p.minimum, max = p.max ?? p.maximum;
	let field = {
	    name: 'param_' + p.name,
	    paramName: p.name,
	    paramType: p.type,
	    fieldLabel: Ext.htmlEncode(label),
	    allowBlank: !p.required,
	    labelWidth: 140,
	    autoEl: p.description ? { tag: 'div', 'data-qtip': Ext.htmlEncode(p.description) } : undefined,
	};
	// The choices of an enum (pve-svc's JSON gives every parameter a list, empty
	// when it has none: an empty list is no enum).
	let enumValues = [p.enum, p.choices].find(c => Array.isArray(c) && c.length > 0);
	if (p.type === 'bool') {
	    Ext.apply(field, {
		xtype: 'proxmoxcheckbox',
		value: p.default === undefined || p.default === null ? false : !!p.default,
		allowBlank: true,
	    });
	} else if (p.type === 'enum' || enumValues) {
	    Ext.apply(field, {
		xtype: 'proxmoxKVComboBox',
		comboItems: (enumValues || []).map(v => [v, Ext.htmlEncode(v)]),
		value: p.default ?? null,
		deleteEmpty: false,
	    });
	} else if (p.type === 'int' || p.type === 'port') {
	    Ext.apply(field, {
		xtype: 'proxmoxintegerfield',
		minValue: min ?? (p.type === 'port' ? 1 : undefined),
		maxValue: max ?? (p.type === 'port' ? 65535 : undefined),
		value: p.default ?? null,
		emptyText: p.required ? '' : gettext('Default'),
	    });
	} else if (p.type === 'storage') {
	    Ext.apply(field, {
		xtype: 'pveStorageSelector',
		nodename: nodename,
		autoSelect: false,
		value: p.default ?? null,
	    });
	} else if (p.type === 'secret') {
	    Ext.apply(field, {
		xtype: 'textfield',
		inputType: 'password',
		emptyText: gettext('Generated if empty'),
	    });
	} else {
	    Ext.apply(field, {
		xtype: 'textfield',
		value: p.default ?? null,
		minLength: p.min_length ?? (p.type === 'string' ? min : undefined),
		maxLength: p.max_length ?? (p.type === 'string' ? max : undefined),
	    });
	    if (p.pattern) {
		let re;
		try {
		    re = new RegExp('^(?:' + p.pattern + ')$');
		} catch (e) {
		    re = undefined; // the backend checks it anyway
		}
		if (re) {
		    field.regex = re;
		    field.regexText = Ext.String.format(gettext('Must match {0}'),
			Ext.htmlEncode(p.pattern));
		}
	    }
	}
	if (field.value === null) {
	    delete field.value;
	}
	return field;
    },

    // The typed value of FIELD, or undefined when left empty (the default applies).
    value: function(field) {
	let v = field.getValue();
	if (field.paramType === 'bool') {
	    return !!v;
	}
	if (v === null || v === undefined || v === '') {
	    return undefined;
	}
	if (field.paramType === 'int' || field.paramType === 'port') {
	    return Number(v);
	}
	return v;
    },
});

Ext.define('PVE.pvesmbgw.AppStoreInstall', {
    extend: 'Ext.window.Window',
    alias: 'widget.pvesmbgwAppStoreInstall',

    width: 640,
    modal: true,
    resizable: true,
    layout: 'fit',
    bodyPadding: 0,

    // template: the detail of the template (GET /templates/{id}); onInstalled(upid)
    template: undefined,

    initComponent: function() {
	let me = this;
	let t = me.template;
	me.title = Ext.String.format(gettext('Install: {0}'), Ext.htmlEncode(t.name || t.id));
	let params = t.parameters || [];
	let haDefault = t.ha_default !== undefined ? !!t.ha_default
	    : t.ha_profile === 'required' || t.ha_profile === 'recommended';

	let paramFields = params.map(p => PVE.pvesmbgw.AppStoreParams.field(p, Proxmox.NodeName));
	me.preflightView = Ext.create('Ext.Component', {
	    itemId: 'preflight',
	    hidden: true,
	    padding: '5 10',
	    scrollable: true,
	    maxHeight: 200,
	    style: { 'white-space': 'pre-wrap' },
	});

	me.form = Ext.create('Ext.form.Panel', {
	    bodyPadding: 10,
	    border: false,
	    scrollable: 'y',
	    maxHeight: 520,
	    fieldDefaults: { labelWidth: 140, anchor: '100%' },
	    items: [
		{
		    xtype: 'textfield',
		    name: 'name',
		    fieldLabel: gettext('Name'),
		    allowBlank: false,
		    regex: /^[a-z][a-z0-9-]{0,31}$/,
		    regexText: gettext('Lower case letters, digits and -, starting with a letter'),
		    value: t.id ? String(t.id).split('/').pop() : undefined,
		},
		{
		    xtype: 'pveNodeSelector',
		    name: 'node',
		    fieldLabel: gettext('Node'),
		    allowBlank: false,
		    onlineValidator: true,
		    selectCurNode: true,
		    listeners: {
			change: function(f, value) {
			    me.down('field[name=storage]').setNodename(value);
			    me.query('pveStorageSelector[paramName]').forEach(s => s.setNodename(value));
			},
		    },
		},
		{
		    xtype: 'pveStorageSelector',
		    name: 'storage',
		    fieldLabel: gettext('Storage'),
		    storageContent: t.guest === 'vm' ? 'images' : 'rootdir',
		    allowBlank: false,
		    autoSelect: true,
		    nodename: Proxmox.NodeName,
		},
		{
		    xtype: 'proxmoxcheckbox',
		    name: 'ha',
		    fieldLabel: gettext('High Availability'),
		    boxLabel: t.ha_profile ? Ext.String.format(gettext('Profile: {0}'),
			Ext.htmlEncode(t.ha_profile)) : '',
		    value: haDefault,
		    readOnly: t.ha_profile === 'required',
		},
		{
		    xtype: 'fieldset',
		    title: gettext('Parameters'),
		    itemId: 'params',
		    hidden: params.length === 0,
		    defaults: { anchor: '100%' },
		    items: paramFields,
		},
		me.preflightView,
	    ],
	});
	me.items = [me.form];

	me.buttons = [
	    {
		text: gettext('Pre-flight'),
		itemId: 'preflightButton',
		handler: () => me.preflight(),
	    },
	    {
		text: gettext('Install'),
		itemId: 'installButton',
		disabled: true,
		handler: () => me.install(),
	    },
	];

	me.callParent();

	me.params = params;
	me.form.getForm().getFields().each(function(f) {
	    f.on('change', function() {
		me.applyShowIf();
		me.invalidatePreflight();
	    });
	});
	me.applyShowIf();
    },

    paramField: function(name) {
	return this.form.down('field[paramName=' + name + ']');
    },

    // Hides the parameters whose show_if does not hold, as the CLI asks them.
    applyShowIf: function() {
	let me = this;
	let values = {};
	me.params.forEach(function(p) {
	    let field = me.paramField(p.name);
	    let show = PVE.pvesmbgw.AppStoreParams.shown(p, values);
	    field.setHidden(!show);
	    field.setDisabled(!show);
	    if (show) {
		let v = PVE.pvesmbgw.AppStoreParams.value(field);
		values[p.name] = v === undefined ? p.default : v;
		if (values[p.name] === undefined || values[p.name] === null) {
		    delete values[p.name];
		}
	    }
	});
    },

    invalidatePreflight: function() {
	let me = this;
	me.preflightOk = false;
	me.down('#installButton').setDisabled(true);
    },

    // The body of POST /install, or undefined when the form is not valid.
    request: function(dryRun) {
	let me = this;
	let form = me.form.getForm();
	if (!form.isValid()) {
	    return undefined;
	}
	let values = {};
	me.params.forEach(function(p) {
	    let field = me.paramField(p.name);
	    if (field.isHidden()) {
		return;
	    }
	    let v = PVE.pvesmbgw.AppStoreParams.value(field);
	    if (v !== undefined) {
		values[p.name] = v;
	    }
	});
	return {
	    template: me.template.repo && me.template.repo !== 'builtin'
		? me.template.repo + '/' + me.template.id : me.template.id,
	    name: me.down('field[name=name]').getValue(),
	    node: me.down('field[name=node]').getValue(),
	    storage: me.down('field[name=storage]').getValue(),
	    params: values,
	    ha: me.down('field[name=ha]').getValue() ? 'yes' : 'no',
	    dry_run: dryRun ? 1 : 0,
	};
    },

    renderPreflight: function(data) {
	let lines = [];
	let checks = (data && data.preflight) || [];
	checks.forEach(function(c) {
	    if (Ext.isString(c)) {
		lines.push('<i class="fa fa-fw fa-check good"></i> ' + Ext.htmlEncode(c));
		return;
	    }
	    let ok = c.ok !== false && c.status !== 'error' && c.status !== 'fail';
	    let text = c.message || c.text || c.check || c.name || Ext.encode(c);
	    lines.push('<i class="fa fa-fw ' + (ok ? 'fa-check good' : 'fa-times critical') +
		'"></i> ' + Ext.htmlEncode(text));
	});
	let html = '<b>' + gettext('Pre-flight') + ':</b> ' + gettext('OK') + '<br>' + lines.join('<br>');
	if (data && data.plan !== undefined && data.plan !== null) {
	    let plan = data.plan;
	    if (Ext.isArray(plan) && plan.every(Ext.isString)) {
		plan = plan.map(line => '- ' + line).join('\n');
	    } else if (!Ext.isString(plan)) {
		plan = JSON.stringify(plan, null, 2);
	    }
	    html += '<br><b>' + gettext('Plan') + ':</b><pre style="margin:2px 0">' +
		Ext.htmlEncode(plan) + '</pre>';
	}
	return html;
    },

    preflight: function() {
	let me = this;
	let body = me.request(true);
	if (!body) {
	    return;
	}
	me.setLoading(gettext('Pre-flight') + '...');
	PVE.pvesmbgw.AppStoreApi.request({
	    method: 'POST',
	    path: '/install',
	    params: body,
	    success: function(data) {
		me.setLoading(false);
		me.preflightView.setHtml(me.renderPreflight(data));
		me.preflightView.setHidden(false);
		me.preflightOk = true;
		me.down('#installButton').setDisabled(false);
	    },
	    failure: function(message) {
		me.setLoading(false);
		me.preflightView.setHtml('<i class="fa fa-fw fa-times critical"></i> <b>' +
		    gettext('Pre-flight failed') + ':</b> ' + Ext.htmlEncode(message));
		me.preflightView.setHidden(false);
		PVE.pvesmbgw.AppStoreApi.showError(message);
	    },
	});
    },

    install: function() {
	let me = this;
	let body = me.request(false);
	if (!body || !me.preflightOk) {
	    return;
	}
	me.setLoading(gettext('Install') + '...');
	PVE.pvesmbgw.AppStoreApi.request({
	    method: 'POST',
	    path: '/install',
	    params: body,
	    success: function(upid) {
		me.setLoading(false);
		let done = me.onInstalled;
		me.close();
		PVE.pvesmbgw.AppStoreApi.showTask(upid, function(ok) {
		    Ext.callback(done, undefined, [upid, ok]);
		});
	    },
	    failure: function(message) {
		me.setLoading(false);
		PVE.pvesmbgw.AppStoreApi.showError(message);
	    },
	});
    },
});
