import click

from .extensions import db


def init_app(app):
    from . import counts, mailcommands, retention, seed
    seed.init_app(app)
    counts.init_app(app)
    retention.init_app(app)
    mailcommands.init_app(app)

    @app.cli.command("demo")
    @click.option("--reset", is_flag=True, help="Empty every table first.")
    @click.option("--force", is_flag=True, help="Run even with the production configuration.")
    def demo_command(reset, force):
        """Fill the database with demo content and print the demo sign-ins."""
        from .demo import DemoRefused, load_demo
        try:
            load_demo(reset=reset, echo=click.echo, force=force)
        except DemoRefused as refusal:
            raise click.ClickException(str(refusal)) from None
        db.session.commit()
