#!/usr/bin/env bash
# Set up (first time only) and start the dashboard on the embedded data: http://localhost:8501
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup_env.sh
exec .venv/bin/python -m streamlit run app.py "$@"
