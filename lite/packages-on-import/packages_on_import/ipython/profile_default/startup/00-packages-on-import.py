# Run by IPython when the site's kernel starts (IPYTHONDIR points here): the site's other packages load on import.
__import__("packages_on_import").install()
