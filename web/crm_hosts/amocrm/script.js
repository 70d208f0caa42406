/*
 * GroupDesk in amoCRM's lead and contact cards (locations lcard-1 and ccard-1, right column).
 *
 * The card asks the GroupDesk proxy (its address is the widget setting proxy_url) for a session.
 * self.$authorizedAjax adds amoCRM's disposable token (X-Auth-Token: a JWT signed with the
 * integration's secret, which the proxy verifies and accepts once). The session token from the
 * answer goes to the GroupDesk page in the iframe's URL fragment, which browsers never send to a
 * server, so it stays out of every access log. No code from the iframe is ever run here.
 *
 * The right column is about 300 px wide: the frame there shows GroupDesk's compact view
 * (?view=compact: the card's people against one group, «Добавить недостающих», the last result)
 * and asks, by postMessage, for the height its content needs and for the whole widget. The whole
 * widget opens on the same card in amoCRM's own modal (the system module
 * 'lib/components/base/modal', https://developers.kommo.com/docs/widgets-tutorial). The modal,
 * not a card tab (card_sdk with lcard-0): a tab's locations take the widget out of the right
 * column, and amoCRM documents no way for a script to switch the card to its tab, so a button
 * could not open it. A message is taken only from our own frame's window and the proxy's origin,
 * and only as data: a number for the height, a fixed word for the modal, a group id to keep.
 *
 * The widget speaks the user's amoCRM interface language: APP.lang_id
 * (https://www.amocrm.ru/developers/content/web_sdk/env_variables), Russian for "ru", English for
 * every other; it goes to the frame as ?lang=.
 *
 * In a Digital Pipeline stage (location digital_pipeline) the widget is an action: when a lead
 * enters the stage, amoCRM posts the action's settings to the proxy's webhook_url. dpSettings
 * fills that form from the proxy (POST /crm/amocrm/pipeline-settings with the same token, for
 * administrators only): the group is chosen from the groups our number administers, the action
 * from four, and the hidden secret field gets the installation's key, which the proxy checks on
 * every hook (the hook itself is unsigned).
 */
define(['jquery', 'lib/components/base/modal'], function ($, Modal) {
  'use strict';

  var PANEL_HEIGHT = 240;          // until the compact view says what it needs
  var PANEL_HEIGHT_LIMITS = [120, 1600];
  var BODY_ID = 'groupdesk-card';

  return function () {
    var self = this;
    var opened = null;   // {base, origin, kind, id, token, frame, settling}: the card's GroupDesk session

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

    // "ru" or "en" from APP.lang_id; "" when amoCRM does not say (the widget then speaks Russian).
    function interfaceLanguage() {
      var app = window.APP || window.AMOCRM || {};
      if (typeof app.lang_id !== 'string' || !app.lang_id) return '';
      return app.lang_id === 'ru' ? 'ru' : 'en';
    }

    // The group this user chose in the compact view, kept in amoCRM's own storage: a browser may
    // keep nothing for the framed GroupDesk page (Safari, private windows).
    function groupKey() {
      return 'groupdesk.group.' + String((self.system() || {}).amouser_id || '');
    }

    function chosenGroup() {
      try { return window.localStorage.getItem(groupKey()) || ''; } catch (e) { return ''; }
    }

    function frameUrl(view) {
      var lang = interfaceLanguage();
      var group = view === 'compact' ? chosenGroup() : '';
      return opened.base + '/?crm=amocrm&view=' + view + (lang ? '&lang=' + lang : '') +
             (group ? '&group=' + encodeURIComponent(group) : '') + '&entity=' + opened.kind + ':' + opened.id +
             '#session=' + encodeURIComponent(opened.token);
    }

    function showFrame() {
      opened.frame = $('<iframe>')
        .attr({ src: frameUrl('compact'), title: 'GroupDesk' })
        .css({ width: '100%', height: PANEL_HEIGHT + 'px', border: '0', display: 'block' });
      body().empty().append(opened.frame);
    }

    // The whole widget on the same card and session, in amoCRM's modal, as wide as the page allows.
    function openFullView() {
      var frame = $('<iframe>')
        .attr({ src: frameUrl('full'), title: 'GroupDesk' })
        .css({ width: 'min(1100px, 90vw)', height: '80vh', border: '0', display: 'block' });
      new Modal({
        class_name: 'groupdesk-modal',
        init: function ($modalBody) {
          $modalBody.trigger('modal:loaded').html(frame).trigger('modal:centrify');
        },
        destroy: function () {}
      });
    }

    // Chromium (156) at times keeps sending the clicks on a cross-site frame to this page after the
    // frame's height changed, even on the part that did not move, until its size changes again: the
    // panel looks alive but takes no click. A one-pixel change a moment later has brought the clicks
    // back each time it was tried (tests/browser/crm_frame.test.mjs), and shows nothing.
    function setFrameHeight(height) {
      var frame = opened.frame;
      frame.css('height', height + 'px');
      clearTimeout(opened.settling);
      opened.settling = setTimeout(function () {
        frame.css('height', (height + 1) + 'px');
        requestAnimationFrame(function () {
          requestAnimationFrame(function () { frame.css('height', height + 'px'); });
        });
      }, 200);
    }

    // What our compact frame may ask: its height (a number, kept within limits), the full view, and
    // to keep the group chosen in it (a group id, nothing else).
    function onFrameMessage(event) {
      if (!opened || !opened.frame || event.origin !== opened.origin || event.source !== opened.frame[0].contentWindow) return;
      var message = event.data;
      if (!message || typeof message !== 'object' || message.source !== 'groupdesk') return;
      if (message.type === 'height' && typeof message.height === 'number' && isFinite(message.height)) {
        setFrameHeight(Math.round(Math.min(Math.max(message.height, PANEL_HEIGHT_LIMITS[0]), PANEL_HEIGHT_LIMITS[1])));
      } else if (message.type === 'open-full') {
        openFullView();
      } else if (message.type === 'group' && typeof message.group === 'string' && /^[0-9A-Za-z@._-]{1,128}$/.test(message.group)) {
        try { window.localStorage.setItem(groupKey(), message.group); } catch (e) { /* not kept: chosen again next time */ }
      }
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
        if (!answer || typeof answer.token !== 'string' || !answer.token) return showMessage(text('failed'));
        opened = { base: base, origin: origin, kind: kind, id: id, token: answer.token, frame: null, settling: 0 };
        showFrame();
      }).fail(function () {
        showMessage(text('failed'));
      });
    }

    function dpText(key) {
      var dp = self.i18n('dp') || {};
      return dp[key] || key;
    }

    // The action's form field for a dp.settings key, in the open settings form.
    function dpField(name) {
      return $('input[name="' + name + '"], textarea[name="' + name + '"]').last();
    }

    // A select that writes its choice into the form's own (hidden) text field, so amoCRM saves it.
    function replaceWithSelect($input, choices) {
      var $select = $('<select>').css({ width: '100%' });
      $.each(choices, function (_, choice) {
        $select.append($('<option>').attr('value', choice.value).text(choice.label));
      });
      var current = String($input.val() || '');
      if (current) $select.val(current);
      if (!$select.val() && choices.length) $select.val(choices[0].value);
      $input.val($select.val()).trigger('change');
      $select.on('change', function () { $input.val($select.val()).trigger('change'); });
      $input.hide().siblings('select.groupdesk-choice').remove();
      $select.addClass('groupdesk-choice').insertAfter($input);
    }

    function fillPipelineSettings() {
      var base = proxyUrl();
      var $group = dpField('group');
      var $note = $('<p class="groupdesk-dp-note">').css({ margin: '8px 0' }).text(dpText('loading'));
      $group.closest('form').find('.groupdesk-dp-note').remove();
      $note.insertBefore($group);
      // The secret is the proxy's to set: never typed, never shown.
      dpField('secret').attr('readonly', 'readonly').closest('.widget_settings_block__item_field, div').first().hide();
      var names = dpText('action_names');
      replaceWithSelect(dpField('action'), $.map(['add', 'remove', 'promote', 'demote'], function (code) {
        return { value: code, label: (names && names[code]) || code };
      }));
      replaceWithSelect(dpField('invite_on_failure'), [{ value: 'N', label: dpText('no') }, { value: 'Y', label: dpText('yes') }]);
      self.$authorizedAjax({
        url: base + '/crm/amocrm/pipeline-settings',
        method: 'POST',
        type: 'POST',
        contentType: 'application/json',
        dataType: 'json',
        data: '{}'
      }).done(function (answer) {
        if (!answer || typeof answer.secret !== 'string' || !$.isArray(answer.groups)) {
          $note.text(dpText('failed'));
          return;
        }
        dpField('secret').val(answer.secret).trigger('change');
        if (!answer.groups.length) {
          $note.text(dpText('no_groups'));
          return;
        }
        $note.remove();
        replaceWithSelect($group, $.map(answer.groups, function (group) {
          return { value: String(group.id), label: String(group.name || group.id) };
        }));
      }).fail(function () {
        $note.text(dpText('failed'));
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
        window.addEventListener('message', onFrameMessage);
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
      dpSettings: function () {
        fillPipelineSettings();
        return true;
      },
      destroy: function () {
        window.removeEventListener('message', onFrameMessage);
        opened = null;
        body().remove();
      }
    };
    return this;
  };
});
