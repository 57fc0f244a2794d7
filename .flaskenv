# Read only by the `flask` command (python-dotenv), never by gunicorn:
# the development server and the CLI run in development mode from a checkout.
FLASK_APP=codesign
CODESIGN_ENV=development
