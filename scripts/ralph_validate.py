"""Checks xAPI statements (a JSON array in a file) against ralph's model of an xAPI 1.0.3
statement (ralph.models.xapi.base.statements.BaseXapiStatement), stricter than what its LRS
accepts. Prints {"statements": N, "failed": F} and the first problems; exits 1 on any.

    ralph-venv/bin/python ralph_validate.py STATEMENTS.json"""

import json
import sys

from pydantic import ValidationError
from ralph.models.xapi.base.statements import BaseXapiStatement

statements = json.load(open(sys.argv[1], encoding="utf-8"))
failed = 0
for statement in statements:
    try:
        BaseXapiStatement(**statement)
    except ValidationError as error:
        failed += 1
        if failed < 4:
            print(str(error)[:800], file=sys.stderr)
print(json.dumps({"statements": len(statements), "failed": failed}))
sys.exit(1 if failed else 0)
