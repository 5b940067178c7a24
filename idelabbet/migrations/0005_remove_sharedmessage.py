from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('idelabbet', '0004_absorb_shared_messages'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='outgoingemail',
            name='shared_message',
        ),
        migrations.AlterField(
            model_name='outgoingemail',
            name='kind',
            field=models.CharField(choices=[('kvitto', 'Bekräftelse med statuslänk'), ('avslag', 'Avslag med skäl'), ('publicerad', 'Idén är publicerad'), ('ny-lank', 'Ny statuslänk'), ('anteckning', 'Anteckning delad med idébäraren'), ('avbojt', 'Avböjt med skäl')], max_length=20, verbose_name='slag'),
        ),
        migrations.DeleteModel(
            name='SharedMessage',
        ),
    ]
