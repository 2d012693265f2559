"""Operator pages beyond the dashboard, one module per page (each an APIRouter)."""
