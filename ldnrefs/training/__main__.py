"""``python -m ldnrefs.training``: train the citation CRF (see :mod:`ldnrefs.training`)."""

from ldnrefs.training import main

raise SystemExit(main())
