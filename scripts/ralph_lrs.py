"""Starts ralph (https://github.com/openfun/ralph), an xAPI learning record store, on
127.0.0.1 with its file backend, for liandong's tests and for trying the sync by hand.

    python ralph_lrs.py --port 8100 --dir DATA --user USER --password PASSWORD

ralph 5.1.0's file backend creates its statements file on the first write and refuses every
later one ("already exists and overwrite is not allowed"): its default operation type is set
to APPEND here, before the app is imported. The credentials are written to DATA/auth.json
(bcrypt, as `ralph auth` writes them)."""

import argparse
import json
import os
import sys
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    args = parser.parse_args()

    data = Path(args.dir).resolve()
    (data / "statements").mkdir(parents=True, exist_ok=True)
    auth = data / "auth.json"
    # written at every start: the password may be new
    import bcrypt

    hashed = bcrypt.hashpw(args.password.encode(), bcrypt.gensalt(rounds=4)).decode()
    auth.write_text(
        json.dumps(
            [
                {
                    "agent": {
                        "objectType": "Agent",
                        "account": {"homePage": "https://liandong.local", "name": args.user},
                    },
                    "scopes": ["all"],
                    "hash": hashed,
                    "username": args.user,
                }
            ]
        )
    )
    os.environ.update(
        {
            "RALPH_RUNSERVER_BACKEND": "fs",
            "RALPH_AUTH_FILE": str(auth),
            "RALPH_APP_DIR": str(data),
            "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(data / "statements"),
            "RALPH_BACKENDS__DATA__FS__DEFAULT_DIRECTORY_PATH": str(data / "statements"),
        }
    )

    from ralph.backends.data.base import BaseOperationType
    from ralph.backends.data.fs import FSDataBackend

    FSDataBackend.default_operation_type = BaseOperationType.APPEND

    import uvicorn
    from ralph.api import app

    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning")


if __name__ == "__main__":
    sys.exit(main())
