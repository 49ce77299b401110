from typology.build.pipeline import main

raise SystemExit(main())
