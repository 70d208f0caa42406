/*
 * GroupDesk in amoCRM's lead and contact cards (locations lcard-1 and ccard-1, right column).
 *
 * The card asks the GroupDesk proxy (its address is the widget setting proxy_url) for a session.
 * self.$authorizedAjax adds amoCRM's disposable token (X-Auth-Token: a JWT signed with the
 * integration's secret, which the proxy verifies and accepts once). The session token from the
 * answer goes to the GroupDesk page in the iframe's URL fragment, which browsers never send to a
 * server, so it stays out of every access log. No code from the iframe is ever run here.
 */
define(['jquery'], function ($) {
  'use strict';

  var FRAME_HEIGHT = 560;
  var BODY_ID = 'groupdesk-card';

  return function () {
    var self = this;

    function text(key) {
      var card = self.i18n('card') || {};
      return card[key] || key;
    }

    function proxyUrl() {
      var settings = self.get_settings() || {};
      return String(settings.proxy_url || '').trim().replace(/\/+$/, '');
    }

    // The card's kind from the area amoCRM renders us in.
    function cardKind() {
      var area = (self.system() || {}).area;
      if (area === 'lcard') return 'lead';
      if (area === 'ccard') return 'contact';
      return '';
    }

    // APP.data.current_card.id is 0 on a card that is not saved yet.
    function cardId() {
      var app = window.APP || window.AMOCRM || {};
      var card = app.data && app.data.current_card;
      return card && card.id ? String(card.id) : '';
    }

    function body() {
      return $('#' + BODY_ID);
    }

    function showMessage(message) {
      body().empty().append($('<p>').css({ margin: '8px 0', 'white-space': 'normal' }).text(message));
    }

    function showFrame(base, kind, id, token) {
      var src = base + '/?crm=amocrm&entity=' + kind + ':' + id + '#session=' + encodeURIComponent(token);
      var frame = $('<iframe>')
        .attr({ src: src, title: 'GroupDesk' })
        .css({ width: '100%', height: FRAME_HEIGHT + 'px', border: '0', display: 'block' });
      body().empty().append(frame);
    }

    function openGroupDesk(kind, id) {
      var base = proxyUrl();
      // https, or plain http on this machine (browsers treat localhost as secure): a trial install.
      var origin = base.split('/').slice(0, 3).join('/');
      if (!/^https:\/\/[^\s\/?#]+$/.test(origin) && !/^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?$/.test(origin)) {
        showMessage(text('no_proxy'));
        return;
      }
      if (!id) {
        showMessage(text('unsaved'));
        return;
      }
      showMessage(text('loading'));
      self.$authorizedAjax({
        url: base + '/crm/amocrm/session',
        method: 'POST',
        type: 'POST',
        contentType: 'application/json',
        dataType: 'json',
        data: JSON.stringify({ entity: { kind: kind, id: id } })
      }).done(function (answer) {
        if (answer && typeof answer.token === 'string' && answer.token) showFrame(base, kind, id, answer.token);
        else showMessage(text('failed'));
      }).fail(function () {
        showMessage(text('failed'));
      });
    }

    this.callbacks = {
      render: function () {
        var kind = cardKind();
        if (!kind) return true;   // the settings modal: amoCRM draws the proxy_url field itself
        self.render_template({
          caption: { class_name: 'groupdesk-caption' },
          body: '',
          render: '<div id="' + BODY_ID + '"></div>'
        });
        openGroupDesk(kind, cardId());
        return true;
      },
      init: function () {
        return true;
      },
      bind_actions: function () {
        return true;
      },
      settings: function () {
        return true;
      },
      onSave: function () {
        return true;
      },
      destroy: function () {
        body().remove();
      }
    };
    return this;
  };
});
