"""PAR INDEX, PAPI, SIPAS, PCI and the province's own index."""
