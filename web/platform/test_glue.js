// The test build's window.groupdesk.state() (test_api.cpp): what tests/browser/ reads besides
// items(). Linked after browser_glue.js into the widget under test only.
window['groupdesk']['state'] = function () { return JSON.parse(UTF8ToString(_gd_test_state())); };
