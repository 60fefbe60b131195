"""A flask-jwt-extended application used as the interop peer.

Configured from JWT_* environment variables (values parsed as JSON when they
parse, else taken as strings). Listens on 127.0.0.1 and the port given by PORT
(0 or unset: a free port), and prints `LISTENING <port>` once it accepts
connections.
"""

import json
import os
import sys

from flask import Flask, jsonify
from flask_jwt_extended import (
    JWTManager,
    create_access_token,
    create_refresh_token,
    get_jwt,
    get_jwt_identity,
    jwt_required,
    set_access_cookies,
    set_refresh_cookies,
)
from werkzeug.serving import make_server


def parse(value):
    try:
        return json.loads(value)
    except ValueError:
        return value


app = Flask(__name__)
app.config["JWT_TOKEN_LOCATION"] = ["headers", "cookies", "json", "query_string"]
app.config["JWT_COOKIE_SECURE"] = False
app.config.update(
    {name: parse(value) for name, value in os.environ.items() if name.startswith("JWT_")}
)
JWTManager(app)


@app.post("/login_without_cookies")
def login_without_cookies():
    return jsonify(
        access_token=create_access_token("example_user", fresh=True),
        refresh_token=create_refresh_token("example_user"),
    )


@app.post("/login_with_cookies")
def login_with_cookies():
    response = jsonify(msg="login successful")
    set_access_cookies(response, create_access_token("example_user"))
    set_refresh_cookies(response, create_refresh_token("example_user"))
    return response


@app.route("/protected", methods=["GET", "POST"])
@jwt_required()
def protected():
    return jsonify(foo="bar")


@app.post("/refresh")
@jwt_required(refresh=True)
def refresh():
    return jsonify(access_token=create_access_token(get_jwt_identity()))


@app.route("/fresh", methods=["GET", "POST"])
@jwt_required(fresh=True)
def fresh():
    return jsonify(foo="fresh")


@app.route("/whoami", methods=["GET", "POST"])
@jwt_required()
def whoami():
    claims = get_jwt()
    return jsonify(identity=get_jwt_identity(), type=claims["type"], fresh=claims["fresh"])


if __name__ == "__main__":
    server = make_server("127.0.0.1", int(os.environ.get("PORT", "0")), app, threaded=True)
    print(f"LISTENING {server.server_port}", flush=True)
    sys.stdout.flush()
    server.serve_forever()
