/*
 * pvesmbgw App Store: how the pane reaches the node's App Store endpoint
 * (pvesmbgw-appstore, HTTPS on port 8016 of the node serving this GUI, see
 * /work/shared-notes/appstore-contract.md and the README). The browser sends PVE's
 * ticket cookie (credentials) and, for changes, PVE's CSRFPreventionToken header;
 * the endpoint checks both as pveproxy does and asks PVE for the user's privileges.
 * Actions run as real PVE tasks, followed with PVE's own task windows.
 */

Ext.ns('PVE.pvesmbgw');

Ext.apply(PVE.pvesmbgw, {
    appstorePort: PVE.pvesmbgw.appstorePort || 8016,
    // Set (e.g. by a test) to use another base URL than the node's port 8016.
    appstoreBase: PVE.pvesmbgw.appstoreBase || undefined,
});

Ext.define('PVE.pvesmbgw.AppStoreApi', {
    singleton: true,

    base: function() {
	return PVE.pvesmbgw.appstoreBase ||
	    'https://' + window.location.hostname + ':' + PVE.pvesmbgw.appstorePort + '/api2/json';
    },

    // The backend's one-line message of a failed response, else the HTTP status.
    errorText: function(response) {
	let message;
	try {
	    message = Ext.decode(response.responseText).message;
	} catch (e) {
	    message = undefined;
	}
	if (!message) {
	    if (!response.status) {
		// Typically the browser does not (yet) trust the node's certificate on that
		// port (Firefox asks per port), or the service is not running.
		message = Ext.String.format(
		    gettext('Connection to the App Store service failed ({0}). If the browser does not trust the node\'s certificate there, open that address once and accept it.'),
		    this.base().replace(/\/api2\/json$/, ''));
	    } else {
		message = (response.statusText || gettext('Error')) + ' (' + response.status + ')';
	    }
	}
	return String(message).trim();
    },

    // opts: method, path (below /api2/json), params (object, sent as JSON for
    // changes), success(data), failure(message, response) (default: PVE's error box),
    // scope.
    request: function(opts) {
	let me = this;
	let method = opts.method || 'GET';
	let req = {
	    url: me.base() + opts.path,
	    method: method,
	    withCredentials: true,
	    cors: true,
	    // No X-Requested-With: the cross-origin pre-flight allows only
	    // CSRFPreventionToken and Content-Type (PVE's own Ext.Ajax hook adds the
	    // token to every request).
	    useDefaultXhrHeader: false,
	    disableCaching: false,
	    headers: {},
	    success: function(response) {
		let data = null;
		try {
		    data = Ext.decode(response.responseText).data;
		} catch (e) {
		    Ext.callback(opts.failure || me.showError, opts.scope,
			[gettext('Invalid answer'), response]);
		    return;
		}
		Ext.callback(opts.success, opts.scope, [data]);
	    },
	    failure: function(response) {
		Ext.callback(opts.failure || me.showError, opts.scope,
		    [me.errorText(response), response]);
	    },
	};
	if (method === 'GET') {
	    if (opts.params) {
		req.url += '?' + Ext.Object.toQueryString(opts.params);
	    }
	} else {
	    req.headers.CSRFPreventionToken = Proxmox.CSRFPreventionToken;
	    req.jsonData = opts.params || {};
	}
	return Ext.Ajax.request(req);
    },

    // PVE's error message box, with the backend's message.
    showError: function(message) {
	Ext.Msg.alert(gettext('Error'), Ext.htmlEncode(message));
    },

    // The GUI capabilities PVE gave at login (Ext.state 'GuiCap'): which actions to
    // offer. The backend checks the exact paths again.
    caps: function() {
	let caps = Ext.state.Manager.get('GuiCap') || {};
	let has = (group, priv) => !!(caps[group] && caps[group][priv]);
	return {
	    audit: has('nodes', 'Sys.Audit'),
	    install: has('vms', 'VM.Allocate') && has('nodes', 'Sys.Modify') &&
		has('storage', 'Datastore.AllocateSpace'),
	    lifecycle: has('nodes', 'Sys.Modify'),
	    uninstall: has('vms', 'VM.Allocate') && has('nodes', 'Sys.Modify'),
	    purge: has('storage', 'Datastore.Allocate'),
	};
    },

    // Follows a task (UPID) with PVE's own progress window; done(ok) when it ends.
    showTask: function(upid, done) {
	Ext.create('Proxmox.window.TaskProgress', {
	    upid: upid,
	    autoShow: true,
	    taskDone: function(success) {
		Ext.callback(done, undefined, [success]);
	    },
	});
    },

    formatSize: function(value, unit) {
	if (value === undefined || value === null || value === '') {
	    return '';
	}
	return Ext.isNumber(value) ? value + ' ' + unit : String(value);
    },
});

// The task types of the App Store's actions, in PVE's task lists and windows.
Proxmox.Utils.override_task_descriptions({
    pvesvcinstall: [gettext('App'), gettext('Install')],
    pvesvcupgrade: [gettext('App'), gettext('Upgrade')],
    pvesvcrollback: [gettext('App'), gettext('Rollback')],
    pvesvcuninstall: [gettext('App'), gettext('Uninstall')],
});
