/*
 * GroupDesk in amoCRM's lead and contact cards (locations lcard-1 and ccard-1, right column).
 *
 * The card asks the GroupDesk proxy (its address is the widget setting proxy_url) for a session.
 * self.$authorizedAjax adds amoCRM's disposable token (X-Auth-Token: a JWT signed with the
 * integration's secret, which the proxy verifies and accepts once). The session token from the
 * answer goes to the GroupDesk page in the iframe's URL fragment, which browsers never send to a
 * server, so it stays out of every access log. No code from the iframe is ever run here.
 *
 * In a Digital Pipeline stage (location digital_pipeline) the widget is an action: when a lead
 * enters the stage, amoCRM posts the action's settings to the proxy's webhook_url. dpSettings
 * fills that form from the proxy (POST /crm/amocrm/pipeline-settings with the same token, for
 * administrators only): the group is chosen from the groups our number administers, the action
 * from four, and the hidden secret field gets the installation's key, which the proxy checks on
 * every hook (the hook itself is unsigned).
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
        body().remove();
      }
    };
    return this;
  };
});
