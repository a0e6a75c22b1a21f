// The sign-in page (sign-in.html).
'use strict';
document.getElementById('then').value = param('then') || '/ui/';
if (param('error')) say(document.getElementById('why'), 'error', param('error'));
