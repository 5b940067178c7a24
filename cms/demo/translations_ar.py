"""Arabic for Ekerö's key pages and its header and footer, keyed by the Swedish.

Written for demonstration: a plausible translation by the developers, not
reviewed by a native speaker; a municipality has its texts translated by a
translator before it offers Arabic.
"""

AR = {
    "Idélabbet Ekerö": "مختبر الأفكار في إيكرو",
    "Har du en idé som gör Ekerö bättre att leva i? Idélabbet hjälper dig att förverkliga den – tillsammans med andra.": "هل لديك فكرة تجعل الحياة في إيكرو أفضل؟ يساعدك مختبر الأفكار على تحقيقها – مع الآخرين.",
    "Du behöver inget konto. Berätta om idén, så hör en coach av sig.": "لا تحتاج إلى حساب. أخبرنا عن فكرتك وسيتواصل معك أحد المرشدين.",
    "Skicka in en idé": "أرسل فكرة",
    "Det här kan Idélabbet hjälpa dig med": "ما يمكن أن يساعدك فيه مختبر الأفكار",
    "Snabb slant – upp till 10\xa0000 kronor": "المنحة السريعة – حتى 10000 كرونة",
    "För minst tre privatpersoner som ordnar en öppen aktivitet. Beslut inom tre veckor från fullständig ansökan.": "لثلاثة أشخاص على الأقل ينظمون نشاطًا مفتوحًا للجميع. يصدر القرار خلال ثلاثة أسابيع من اكتمال الطلب.",
    "Idéerna": "الأفكار",
    "Se vad andra på Mälaröarna vill göra – och var med.": "اطّلع على ما يريد الآخرون في جزر بحيرة مالارن فعله – وشارك معهم.",
    "Om Idélabbet": "عن مختبر الأفكار",
    "Två coacher hjälper dig med projektplan, lokaler och kontakter.": "مرشدان يساعدانك في خطة المشروع والأماكن والتواصل.",
    "Idélabbet öppnade hösten 2018 för att ta tillvara, möjliggöra och inspirera till engagemang på Mälaröarna. Hit kan du vända dig med idéer som kommer kommunen eller kommunmedborgarna till gagn: aktiviteter, organisering eller socialt ansvarstagande.": "افتُتح مختبر الأفكار في خريف 2018 لدعم المشاركة المجتمعية في جزر بحيرة مالارن وتشجيعها. يمكنك التوجه إلينا بأفكار تفيد البلدية أو سكانها: أنشطة أو تنظيم أو مسؤولية اجتماعية.",
    "Du som kommer med idén är själv med och driver den. Våra två coacher hjälper dig med projektplan eller ansökan om medel, lokaler, workshoppar och kontakter med föreningar och kommunens verksamheter.": "صاحب الفكرة يشارك بنفسه في تنفيذها. يساعدك مرشدانا في خطة المشروع أو طلب التمويل، والأماكن وورش العمل، والتواصل مع الجمعيات وخدمات البلدية.",
    "Idélabbet är Ekerö kommuns väg in för den som vill göra något för andra.": "مختبر الأفكار هو مدخل بلدية إيكرو لكل من يريد أن يفعل شيئًا من أجل الآخرين.",
    "Ekerö är en landsbygdskommun med omkring 27 000 invånare på öarna i Mälaren. Idélabbet är en kontaktyta mellan kommunen och civilsamhället.": "إيكرو بلدية ريفية يسكنها نحو 27000 نسمة على جزر بحيرة مالارن. مختبر الأفكار نقطة لقاء بين البلدية والمجتمع المدني.",
    "Vi prioriterar unga och möter dem i skolor, på fritidsgårdar och i föreningslivet. Idélabbet ska ge engagemang, nätverkande, delaktighet och coachning.": "نعطي الأولوية للشباب ونلتقي بهم في المدارس ومراكز الشباب والجمعيات. يقدم مختبر الأفكار المشاركة والتواصل والإرشاد.",
    "Kontakt": "اتصل بنا",
    "Idélabbet, Ekerö kommun – en väg in för alla frågor.": "مختبر الأفكار، بلدية إيكرو – مدخل واحد لكل الأسئلة.",
    "E-post: idelabbet@ekero.example.se. Telefon: 08-124 570 00.": "البريد الإلكتروني: idelabbet@ekero.example.se. الهاتف: 08-124 570 00.",
    "Öppettider: Drop-in tisdagar 15–19, annars efter överenskommelse.": "أوقات الاستقبال: أيام الثلاثاء من 15 إلى 19 دون موعد، وفي غير ذلك بموعد مسبق.",
    "Snabb slant": "المنحة السريعة",
    "Upp till 10\xa0000 kronor för en öppen aktivitet som gör Ekerö bättre – beslut inom tre veckor.": "حتى 10000 كرونة لنشاط مفتوح يجعل إيكرو أفضل – والقرار خلال ثلاثة أسابيع.",
    "Snabb slant är ett bidrag på upp till 10\xa0000 kronor. Ni ska vara minst tre privatpersoner som går ihop för att ordna en öppen aktivitet som kommer kommuninvånarna till nytta.": "المنحة السريعة دعم يصل إلى 10000 كرونة. يجب أن تكونوا ثلاثة أشخاص على الأقل تتعاونون لتنظيم نشاط مفتوح يفيد سكان البلدية.",
    "Villkoret är att ni har kontakt med Idélabbet, som coachar er om ni vill. Beslutet kommer inom tre veckor från att ansökan är fullständig, oftast inom en vecka.": "الشرط أن تكونوا على تواصل مع مختبر الأفكار الذي يرشدكم إن رغبتم. يصدر القرار خلال ثلاثة أسابيع من اكتمال الطلب، وغالبًا خلال أسبوع.",
    "Så ansöker ni": "كيف تتقدمون بالطلب",
    "Skicka in er idé. Ni får en privat länk med e-post.": "أرسلوا فكرتكم. ستصلكم رسالة بالبريد الإلكتروني فيها رابط خاص.",
    "Öppna länken och välj ”Ansök om Snabb slant”.": "افتحوا الرابط واختاروا «التقدم بطلب المنحة السريعة».",
    "Beskriv aktiviteten, personerna i gruppen och budgeten.": "صِفوا النشاط والأشخاص في المجموعة والميزانية.",
    "Idéer": "الأفكار",
    "Här är idéer som invånare har skickat in till Idélabbet. Vill du vara med? Öppna en idé och hör av dig.": "هذه أفكار أرسلها السكان إلى مختبر الأفكار. هل تريد المشاركة؟ افتح فكرة وتواصل معنا.",
    # Site texts
    "Idélabbet, Ekerö kommun": "مختبر الأفكار، بلدية إيكرو",
    "Ekerö kommunhus<br/>Tappströmsvägen 2<br/>178 32 Ekerö": "مبنى بلدية إيكرو<br/>Tappströmsvägen 2<br/>178 32 Ekerö",
    "Drop-in tisdagar 15–19, annars efter överenskommelse": "أيام الثلاثاء من 15 إلى 19 دون موعد، وفي غير ذلك بموعد مسبق",
    "Webbplatsen följer lagen om tillgänglighet till digital offentlig service.": "يلتزم هذا الموقع بالقانون السويدي لإتاحة الخدمات العامة الرقمية.",
    "Ekerö kommun – öarna i Mälaren": "بلدية إيكرو – جزر بحيرة مالارن",
}

# The Swedish pages (paths below Ekerö's home) that have an Arabic translation.
AR_PAGES = ["", "om/", "kontakt/", "snabb-slant/", "ideer/"]
