import click

from .extensions import db


def init_app(app):
    @app.cli.command("demo")
    @click.option("--reset", is_flag=True, help="Empty the tables first.")
    def demo_command(reset):
        """Fill the database with demo content and print the demo sign-ins."""
        from .demo import load_demo
        load_demo(reset=reset, echo=click.echo)
        db.session.commit()
