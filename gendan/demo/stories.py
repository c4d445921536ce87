"""What the demo's conversations say: mail threads, chats, logged calls and message templates.

Kept apart from ``conversations.py`` (which picks customers and orders, dates the
messages and hands them to the real mail ingest) so this file reads as an exporter's
mail folder.  Texts are ``str.format`` templates filled from a context the generator
builds for each thread: ``{order}``, ``{first}`` (the contact's given name), ``{me}``
(the merchandiser), ``{ship}``/``{ship_de}``/``{ship_es}``/``{ship_zh}`` (a date in each
language), ``{deposit}`` and so on; ``conversations._context`` lists them all.

The content is data, not interface text: it is written in the languages the customers
and suppliers write in, and never translated.
"""

from __future__ import annotations

from dataclasses import dataclass

# Our side: the exporter the demo users work for.
COMPANY = "Ningbo Huaxin Imp. & Exp. Co., Ltd."
COMPANY_ZH = "宁波华信进出口有限公司"

# key of data.TEAMS -> (mailbox name, address).  Fetching is off: the servers are examples.
MAILBOXES = {
    "eu": ("Sales Europe & Americas (shared)", "sales-eu@gendan.example"),
    "me": ("Sales Middle East, Asia & Africa (shared)", "sales-me@gendan.example"),
}
MAIL_SERVERS = ("imap.example.com", "smtp.example.com")


# --- Message templates ----------------------------------------------------------------


@dataclass(frozen=True)
class TemplateText:
    code: str
    language: str
    name: str
    subject: str
    body: str
    channel: str = "email"


TEMPLATES = (
    TemplateText(
        "shipment-notice", "en", "Shipment notice", "Shipment notice – {order_number}",
        "Dear {contact},\n\nWe are pleased to inform you that your order {order_number} has been "
        "shipped.\n\nTerms: {incoterm}\nETD: {etd}\nETA: {eta}\nB/L no.: {tracking}\n\n"
        "The copy documents (commercial invoice, packing list and B/L) are attached.\n\n"
        "Best regards,\n{sender}",
    ),
    TemplateText(
        "shipment-notice", "zh", "出货通知", "出货通知 – {order_number}",
        "{contact}，您好！\n\n贵司订单 {order_number} 已经出运。\n\n贸易条款：{incoterm}\n"
        "开船日期（ETD）：{etd}\n预计到港（ETA）：{eta}\n提单号：{tracking}\n\n"
        "发票、装箱单和提单副本见附件，请查收。\n\n{sender}",
    ),
    TemplateText(
        "shipment-notice", "de", "Versandanzeige", "Versandanzeige – {order_number}",
        "Sehr geehrte/r {contact},\n\nIhre Bestellung {order_number} wurde verschifft.\n\n"
        "Lieferbedingung: {incoterm}\nAbfahrt (ETD): {etd}\nAnkunft (ETA): {eta}\n"
        "B/L-Nr.: {tracking}\n\nRechnung, Packliste und B/L-Kopie finden Sie im Anhang.\n\n"
        "Mit freundlichen Grüßen\n{sender}",
    ),
    TemplateText(
        "deposit-reminder", "en", "Deposit reminder", "Deposit for {order_number}",
        "Dear {contact},\n\nThank you for your order {order_number} ({order_total}).\n\n"
        "To start production we need the T/T deposit of {deposit_amount}. Once it arrives we "
        "confirm the shipment date; the balance of {balance_amount} is due against the copy "
        "B/L.\n\nPlease send us the bank slip when the payment is made.\n\nBest regards,\n{sender}",
    ),
    TemplateText(
        "deposit-reminder", "zh", "定金提醒", "订单 {order_number} 定金",
        "{contact}，您好！\n\n感谢您的订单 {order_number}（总金额 {order_total}）。\n\n"
        "收到定金 {deposit_amount} 后我们马上安排生产并确认交期，余款 {balance_amount} "
        "凭提单副本支付。\n\n付款后请把银行水单发给我们，谢谢！\n\n{sender}",
    ),
    TemplateText(
        "production-update", "en", "Production update", "Production update – {order_number}",
        "Dear {contact},\n\nA short update on your order {order_number}: production is running "
        "to plan. The raw materials and packaging are all in, assembly is under way and our QC "
        "checks the line every day.\n\nWe expect the goods to be ready for the final inspection "
        "a few days before the shipment date, {ship_date} ({incoterm}).\n\nPhotos of the "
        "production line are attached.\n\nBest regards,\n{sender}",
    ),
    TemplateText(
        "production-update", "zh", "生产进度", "生产进度 – {order_number}",
        "{contact}，您好！\n\n订单 {order_number} 目前生产正常：原材料和包材已全部到位，"
        "正在组装，我们的QC每天跟线检查。\n\n预计在出货日期 {ship_date}（{incoterm}）"
        "前几天可以安排最终验货。\n\n生产照片见附件。\n\n{sender}",
    ),
    TemplateText(
        "balance-reminder", "en", "Balance payment", "Balance payment – {order_number}",
        "Dear {contact},\n\nThe goods of {order_number} have left the port (ETD {etd}).\n\n"
        "Kindly arrange the balance payment of {balance_amount}, so we can release the B/L "
        "in good time before the ETA, {eta}.\n\nBest regards,\n{sender}",
    ),
    TemplateText(
        "payment-received", "en", "Payment received (WhatsApp)", "",
        "Hi {contact}, we received your payment for {order_number}. Thank you! – {sender}",
        channel="whatsapp",
    ),
)  # fmt: skip


# --- Mail threads ----------------------------------------------------------------------


@dataclass(frozen=True)
class Mail:
    """One message of a story.

    ``by`` is who writes it: ``contact`` (the customer's contact), ``colleague`` (another
    person at the customer), ``us`` (the team's merchandiser), ``sales`` (the team's
    salesperson), ``supplier`` (the factory), ``forwarder``, ``stranger`` or ``list``.
    A ``subject`` starts a new thread; without one the mail replies in the current
    thread; ``{subject}`` in it stands for the subject replied to (automatic replies).
    """

    by: str
    body: str
    subject: str = ""
    after: tuple[int, int] = (2, 20)  # hours after the message before it
    cc: bool = False
    auto: bool = False  # an automatic reply (Auto-Submitted: auto-replied)
    html: bool = False  # also an HTML part, with the sender's logo from their web site
    attach: tuple[str, ...] = ()  # file names: .pdf and .png files are made up
    template: str = ""  # code of a message template to fill for the body instead


@dataclass(frozen=True)
class Story:
    """Mail threads of one kind, told ``copies`` times with different customers.

    ``orders`` names the pool of orders a copy is about ("" for none: an inquiry);
    ``needs`` are conditions on the order (``deposit``: T/T with a deposit; ``tt``: paid
    by T/T), ``prefers`` soft ones (``glass``: a glass product on it).  ``countries``
    limits the customers (a German mail goes to a German-speaking customer).

    ``language`` is what the customer's side writes (a customer outside the Chinese-
    speaking countries writes English in a Chinese story); factories and forwarders write
    Chinese.  We answer in Chinese where the other side writes Chinese, else in English.
    """

    key: str
    language: str
    mails: tuple[Mail, ...]
    orders: str = ""
    copies: int = 1
    needs: tuple[str, ...] = ()
    prefers: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()  # preferred customer stages
    team: str = ""  # for mail from nobody we know: whose mailbox
    stranger: tuple[str, str, str] = ("", "", "")  # name, address, time zone


# How each language's mail programs mark a reply
REPLY_PREFIXES = {"en": "Re: ", "de": "AW: ", "es": "RE: ", "zh": "回复："}
GERMAN = ("DE", "AT", "CH")
SPANISH = ("ES", "MX", "CL", "CO", "PE", "AR")
CHINESE = ("HK", "SG", "MY", "TW")

_SIGN = "Best regards,\n{me}\n{company}"
_SIGN_SALES = "Best regards,\n{sales}\nSales Manager\n{company}"

STORIES: tuple[Story, ...] = (
    Story("shipment-date", "en", orders="open", copies=4, mails=(
        Mail("contact", html=True, subject="{order} shipment date", body=(
            "Hi {me_first},\n\nCould you please confirm the shipment date for {order}{po_ref}? Our "
            "warehouse needs to plan the unloading, and our promotion starts in {promo_month}.\n\n"
            "Please also let me know if you can ship any earlier than {ship}.\n\n"
            "Thanks and regards,\n{contact}\n{customer}")),
        Mail("us", body=(
            "Dear {first},\n\nThank you for your mail. {order} is in production; the factory confirms "
            "the goods will be ready on {ready}. We plan to load on {ship} in {pol}, so the ETD is "
            "{etd} and the ETA {pod} around {eta}.\n\nShipping earlier is unfortunately not possible: "
            "the gift boxes for the {product} arrive from the printer next week.\n\nI will send you "
            "the booking details as soon as we have them.\n\n" + _SIGN)),
        Mail("contact", after=(3, 20), body=(
            "Hi {me_first},\n\nThanks, noted. Please book the vessel for {etd} and send me the booking "
            "confirmation.\n\nRegards,\n{first}")),
    )),
    Story("carton-marks", "en", orders="producing", copies=3, mails=(
        Mail("us", subject="Shipping marks for {order} – please confirm",
             attach=("Shipping marks {order}.pdf",), body=(
            "Dear {first},\n\nPlease find attached the shipping marks for {order}. We suggest:\n\n"
            "Front side:\n{customer_upper}\nPO: {po}\nITEM: {sku}\nQTY: {per_carton} {unit_upper}\n"
            "C/NO.: 1-{cartons}\nMADE IN CHINA\n\nSide mark:\nN.W. / G.W. / MEAS.\n\n"
            "Please confirm, or send us your own marks, before {marks_due}: the factory prints the "
            "cartons next week.\n\n" + _SIGN)),
        Mail("contact", cc=True, after=(4, 30), body=(
            "Hi {me_first},\n\nThe marks are fine, but please add our article number {article} under "
            "ITEM and put the barcode label on two sides of each carton.\n\n{colleague_first} from our "
            "logistics team is in copy; please send the packing list to both of us once it is "
            "ready.\n\nBest regards,\n{contact}")),
        Mail("us", cc=True, attach=("Shipping marks {order} rev1.pdf",), body=(
            "Dear {first},\n\nWell noted: we add the article number {article} and print the barcode "
            "label on two sides. The corrected marks are attached for your file.\n\n" + _SIGN)),
    )),
    Story("deposit-paid", "en", orders="confirmed", copies=3, needs=("deposit",), mails=(
        Mail("contact", html=True, subject="Deposit paid – {order}", attach=("TT copy {order}.pdf",),
             body=(
            "Dear {me_first},\n\nWe paid the {deposit_pct}% deposit for {order} today: {deposit}. "
            "Please find the bank slip attached.\n\nPlease start production and confirm the "
            "delivery date.\n\nKind regards,\n{contact}\n{customer}")),
        Mail("us", body=(
            "Dear {first},\n\nThank you! We will confirm as soon as the money arrives (usually in "
            "two or three working days).\n\nProduction is planned to start on {prod_start}; the "
            "shipment date stays {ship}.\n\n" + _SIGN)),
        Mail("us", after=(26, 50), body=(
            "Dear {first},\n\nGood news: the deposit of {deposit} for {order} arrived today, and "
            "production has been released.\n\n" + _SIGN)),
    )),
    Story("inspection", "en", orders="soon", copies=3, mails=(
        Mail("us", subject="Inspection report {order} – PASSED", attach=("Inspection report {order}.pdf",),
             body=(
            "Dear {first},\n\nOur QC, {qc}, did the final inspection of {order} at the factory "
            "today. Result: PASSED.\n\nAQL 2.5 / 4.0, sample size {sample} pcs\n"
            "- Critical defects: 0\n- Major defects: {major} (scratches on the housing)\n"
            "- Minor defects: {minor}\n- Carton drop test: passed\n- Function test: passed\n\n"
            "The full report with photos is attached. Please confirm that we may ship; {payment_note}"
            "\n\n" + _SIGN)),
        Mail("contact", after=(3, 24), body=(
            "Hi {me_first},\n\nThanks for the report. Approved, please go ahead with the shipment.\n\n"
            "One remark: the {major} pcs with scratches must be reworked or replaced before packing. "
            "Please confirm.\n\n{first}")),
        Mail("us", after=(1, 6), body=(
            "Dear {first},\n\nConfirmed: the factory replaces the {major} pcs, and our QC checks them "
            "again on the loading day.\n\n" + _SIGN)),
    )),
    Story("claim", "en", orders="arrived", copies=2, prefers=("glass",), mails=(
        Mail("contact", html=True, cc=True, subject="Claim {order} – {claim_title}",
             attach=("Claim {order} photo 1.png", "Claim {order} photo 2.png"), body=(
            "Dear {me_first},\n\nWe received the container of {order} yesterday. When unloading we "
            "found {broken_cartons} cartons with {damage}: {broken} pcs of the {product} cannot be "
            "sold. The outer cartons show little damage, so we believe the packing is not strong "
            "enough (no foam corners, the inner box moves in the carton).\n\nPhotos attached. We ask "
            "for {broken} replacement pcs with the next order, or a credit note of {claim_amount}.\n\n"
            "Please also improve the packing for the next shipments.\n\n"
            "Best regards,\n{contact}\n{customer}")),
        Mail("us", cc=True, after=(2, 16), body=(
            "Dear {first},\n\nI am very sorry about this. I have forwarded your photos to the factory "
            "and to our QC manager.\n\nWe accept the claim: we will send {broken} replacement pcs free "
            "of charge with your next order. If you prefer the credit note of {claim_amount}, please "
            "tell me and we will deduct it from the next PI.\n\nFrom now on the factory packs this "
            "item in 5-ply cartons with foam corners.\n\n" + _SIGN)),
        Mail("contact", after=(5, 30), body=(
            "Hi {me_first},\n\nThank you for the quick answer. Please deduct the credit note from "
            "the next PI.\n\nBest regards,\n{first}")),
    )),
    Story("documents", "en", orders="shipped", copies=2, mails=(
        Mail("us", subject="{order} shipping documents – B/L draft", attach=("BL draft {order}.pdf",),
             body=(
            "Dear {first},\n\nThe goods of {order} were loaded on {vessel} V.{voyage}, container "
            "{container}. ETD {pol} {etd}, ETA {pod} {eta}.\n\nPlease find attached the B/L draft. "
            "Kindly check the consignee and the notify party and confirm by tomorrow noon, so the "
            "shipping line can issue the original B/L.\n\n{payment_note_cap}\n\n" + _SIGN)),
        Mail("contact", auto=True, after=(0, 0), subject="Automatic reply: {subject}", body=(
            "Thank you for your e-mail. I am out of the office until {back} with limited access to "
            "e-mail. For urgent matters please contact {colleague_address}.\n\n{contact}")),
        Mail("colleague", after=(18, 30), body=(
            "Dear {me_first},\n\n{first} is on holiday; I am taking care of this shipment. The B/L draft is "
            "OK, please issue the originals.\n\nBest regards,\n{colleague}\n{customer}")),
    )),
    Story("balance", "en", orders="shipped", copies=2, needs=("tt",), mails=(
        Mail("us", subject="Balance payment {order}", body=(
            "Dear {first},\n\nThe vessel with {order} left {pol} on {etd}; the ETA {pod} is {eta}.\n\n"
            "Kindly arrange the balance payment of {balance}, so we can telex release the B/L in time. "
            "Our bank details are on the PI.\n\n" + _SIGN)),
        Mail("contact", after=(10, 40), attach=("Payment {order}.pdf",), body=(
            "Hi {me_first},\n\nBalance paid today, bank slip attached. Please telex release.\n\n"
            "{first}")),
        Mail("us", after=(20, 40), attach=("Telex release {bl}.pdf",), body=(
            "Dear {first},\n\nThank you. The payment has arrived and the B/L {bl} is telex released; "
            "the shipping line's confirmation is attached.\n\n" + _SIGN)),
    )),
    Story("inquiry", "en", copies=4, stages=("lead", "prospect"), mails=(
        Mail("contact", html=True, subject="Inquiry: {product}", body=(
            "Dear Sir or Madam,\n\nWe are {customer}, an importer in {city}. We met your team at the "
            "Canton Fair and are interested in this item:\n\n{product} ({sku})\nQuantity: about "
            "{year_qty} pcs a year, first order {first_qty} pcs\nPacking: colour box, {per_carton} "
            "pcs per export carton\n\nPlease send us your best price {terms}, the MOQ, the lead time "
            "and your catalogue.\n\nBest regards,\n{contact}\n{title}\n{customer}")),
        Mail("sales", after=(3, 20), attach=("Catalogue {year}.pdf",), body=(
            "Dear {first},\n\nThank you for your inquiry. Our offer:\n\n{product} ({sku})\n"
            "Price: {price} per pc {terms}\nMOQ: {moq} pcs\nLead time: 35–45 days after the deposit\n"
            "Payment: 30% T/T deposit, balance against the copy B/L\nValidity: 30 days\n\n"
            "Our catalogue is attached. We can send samples within a week.\n\n" + _SIGN_SALES)),
    )),
    Story("repeat-order", "en", orders="past", copies=2, mails=(
        Mail("contact", subject="Repeat order – {product}", body=(
            "Hi {me_first},\n\nWe would like to repeat {order}: {qty} of {product}, same price, same "
            "packing. Please send the PI. Can you ship by {repeat_ship}?\n\nBest,\n{first}")),
        Mail("us", body=(
            "Dear {first},\n\nThank you for the repeat order! The new PI follows today. Please note "
            "the factory raised the price of the {product} by 3% because of the copper price; we keep "
            "your old price for this order.\n\nShipment by {repeat_ship} is possible if the deposit "
            "arrives this week.\n\n" + _SIGN)),
    )),
    Story("production-update", "en", orders="producing", copies=3, mails=(
        Mail("us", subject="Production update – {order}", template="production-update",
             attach=("Production {order}.png",), body=(
            "Dear {contact},\n\nA short update on {order}: production is running to plan, and the "
            "goods will be ready for the final inspection before {ship}.\n\n" + _SIGN)),
        Mail("contact", after=(4, 30), body=(
            "Thank you {me_first}, good to hear. Could you send a photo of the packed cartons once "
            "the first ones are done?\n\n{first}")),
    )),
    Story("samples", "en", copies=2, stages=("prospect", "lead"), mails=(
        Mail("contact", subject="Samples received – {product}", body=(
            "Hi {sales_first},\n\nWe received the samples of the {product}, thank you. Our QA tested "
            "them:\n\n- Function: OK\n- Finish: OK, but the logo print is too light\n"
            "- Manual: we need it in {language_name} and English\n\nIf you can fix the logo and the "
            "manual, we plan a trial order of {first_qty} pcs. Please send the PI.\n\n"
            "Regards,\n{contact}")),
        Mail("sales", body=(
            "Dear {first},\n\nThank you for the feedback. We will print the logo darker (you get a "
            "photo of the new sample before the order) and add a {language_name} manual at no "
            "cost.\n\nThe PI for {first_qty} pcs follows tomorrow.\n\n" + _SIGN_SALES)),
    )),
    # German-speaking customers
    Story("liefertermin", "de", orders="open", copies=2, countries=GERMAN, mails=(
        Mail("contact", html=True, subject="Liefertermin {order}", body=(
            "Hallo {me_first},\n\nkönnen Sie mir bitte den aktuellen Liefertermin für {order}{po_ref_de} "
            "bestätigen? Wir haben die Ware unseren Kunden für KW {eta_week} zugesagt.\n\nFalls sich "
            "die Verschiffung verzögert, brauche ich die Info bitte so früh wie möglich.\n\n"
            "Vielen Dank und freundliche Grüße\n{contact}\n{customer}")),
        Mail("us", body=(
            "Dear {first},\n\n{order} is on schedule: loading on {ship}, ETD {pol} {etd}, ETA {pod} "
            "{eta}. That is calendar week {eta_week}, so the date you gave your customers is "
            "safe.\n\n" + _SIGN)),
        Mail("contact", auto=True, after=(0, 0), subject="Abwesenheitsnotiz: {subject}", body=(
            "Vielen Dank für Ihre Nachricht. Ich bin bis einschließlich {back_de} nicht im Büro und "
            "habe keinen Zugriff auf meine E-Mails. In dringenden Fällen wenden Sie sich bitte an "
            "{colleague_address}.\n\nMit freundlichen Grüßen\n{contact}")),
    )),
    Story("anfrage", "de", copies=1, countries=GERMAN, mails=(
        Mail("contact", subject="Anfrage: {product}", body=(
            "Sehr geehrte Damen und Herren,\n\nwir interessieren uns für Ihren Artikel {product} "
            "({sku}). Bitte senden Sie uns Ihr Angebot für {first_qty} Stück {terms} mit Lieferzeit "
            "und Zahlungsbedingungen.\n\nDie Geräte müssen CE- und GS-zertifiziert sein; bitte "
            "schicken Sie die Zertifikate mit.\n\nMit freundlichen Grüßen\n{contact}\n{customer}")),
        Mail("sales", attach=("CE certificate {sku}.pdf",), body=(
            "Dear {contact},\n\nThank you for your inquiry. Our offer:\n\n{product} ({sku}): {price} "
            "per pc {terms}\nLead time: 45 days after the deposit\nPayment: 30% T/T deposit, 70% "
            "against the copy B/L\n\nThe CE certificates (LVD and EMC) are attached; the GS "
            "certificate is being renewed and follows in about two weeks.\n\n" + _SIGN_SALES)),
    )),
    # Spanish-speaking customers
    Story("anticipo", "es", orders="confirmed", copies=2, needs=("deposit",), countries=SPANISH, mails=(
        Mail("contact", subject="Pago del anticipo – {order}", attach=("Comprobante {order}.pdf",),
             body=(
            "Hola {me_first}:\n\nTe informo que hoy hicimos la transferencia del anticipo del pedido "
            "{order}{po_ref_es} por {deposit}. Adjunto el comprobante bancario.\n\nPor favor, confirma "
            "la recepción y la fecha de embarque.\n\nSaludos cordiales,\n{contact}\n{customer}")),
        Mail("us", body=(
            "Dear {first},\n\nThank you! We confirm as soon as the payment arrives. The shipment date "
            "stays {ship}, ETA {pod} around {eta}.\n\n" + _SIGN)),
        Mail("contact", after=(6, 30), body=(
            "Gracias {me_first}. Quedamos atentos a las fotos de la producción.\n\nSaludos,\n{first}")),
    )),
    Story("cotizacion", "es", copies=1, countries=SPANISH, mails=(
        Mail("contact", subject="Solicitud de cotización – {product}", body=(
            "Buenos días:\n\nSomos {customer}, importadores en {city}. Buscamos proveedor de "
            "{product}. ¿Nos pueden enviar su mejor precio {terms}, el pedido mínimo y el plazo de "
            "entrega?\n\nTambién necesitamos el manual y la caja en español.\n\n"
            "Gracias y saludos,\n{contact}\n{customer}")),
        Mail("sales", body=(
            "Dear {first},\n\nThank you for your inquiry. {product} ({sku}): {price} per pc {terms}, "
            "MOQ {moq} pcs, lead time 40 days. Spanish manual and colour box are no problem.\n\n"
            + _SIGN_SALES)),
    )),
    # Chinese: the factory, the forwarder, and a customer who writes Chinese
    Story("factory-delay", "zh", orders="producing", copies=2, mails=(
        Mail("supplier", subject="关于订单延期的通知", body=(
            "{me_first}，您好！\n\n贵司订单 {order}（{product_zh}，{qty_zh}）原定 {ship_zh} 出货。因"
            "{reason_zh}，我司无法按期交货，预计延期 {delay} 天，新的出货日期为 {new_ship_zh}。\n\n"
            "给贵司带来的不便，我们深表歉意。目前已安排工人加班，如能提前完成，会第一时间通知您。\n\n"
            "烦请与客户沟通协调。\n\n{supplier_person}\n{supplier_dept}\n{supplier}\n电话：{supplier_phone}")),
        Mail("us", after=(1, 4), body=(
            "{supplier_person}，您好：\n\n收到。客户那边我们来沟通，但 {new_ship_zh} 是最晚的日期，"
            "不能再推迟了。请每天下班前把生产进度和照片发给我，包装材料请提前备好。\n\n"
            "验货我们安排在 {inspect_zh}，请确认。\n\n{me_first}\n{company_zh}")),
        Mail("supplier", after=(1, 5), body=(
            "{me_first}，好的，验货时间没有问题，每天会发进度给您。\n\n{supplier_person}")),
        Mail("us", subject="{order} – revised shipment date", after=(1, 3), body=(
            "Dear {first},\n\nI am sorry to tell you that the shipment of {order} will be {delay} days "
            "late: {reason_en}. The new loading date is {new_ship}, ETA {pod} around {new_eta}.\n\n"
            "The factory is working overtime, and we will ship earlier if at all possible. Please "
            "accept our apologies.\n\n" + _SIGN)),
        Mail("contact", after=(3, 20), body=(
            "Hi {me_first},\n\nNot good news, but we can live with it. Please make sure there is no "
            "further delay; our promotion starts in {promo_month}.\n\n{first}")),
    )),
    Story("booking", "zh", orders="soon", copies=2, mails=(
        Mail("forwarder", subject="【订舱确认】{order} {pol_zh}-{pod} {vessel}",
             attach=("进仓通知 {so}.pdf",), body=(
            "{me_first}，您好：\n\n{order} 已订舱成功，信息如下：\n\n订舱号（S/O）：{so}\n"
            "船名航次：{vessel} / {voyage}\n起运港：{pol_zh}\n目的港：{pod}\n柜型：{container_type}\n"
            "截关时间：{cutoff_zh}\n开船日期（ETD）：{etd_zh}\n\n请在截关前两天提供装箱单和发票，"
            "以便报关。进仓地址和联系方式见附件。\n\n谢谢！\n{forwarder_person}\n{forwarder}\n"
            "手机：{forwarder_phone}")),
        Mail("us", after=(1, 3), body=(
            "{forwarder_person}，收到，谢谢！装箱单和发票明天发给你。\n\n{me_first}")),
    )),
    Story("zh-customer", "zh", orders="open", copies=1, countries=CHINESE, mails=(
        Mail("contact", subject="{order} 唛头和说明书确认", body=(
            "{me_first}你好，\n\n{order} 的唛头我们确认了，但是说明书要改两处：\n"
            "1. 封面的型号改成 {sku}；\n2. 保修期改成两年。\n\n改好后请发PDF给我确认，确认后才可以"
            "印刷。另外彩盒上要加繁体中文。\n\n谢谢！\n{first}\n{customer}")),
        Mail("us", after=(1, 5), body=(
            "{first}你好，\n\n收到，已经通知工厂修改说明书，明天发PDF给你确认。彩盒加繁体中文没有问题，"
            "不影响交期，出货日期还是 {ship_zh}。\n\n{me_first}\n{company_zh}")),
    )),
    # Nobody we know: the unassigned inbox
    Story("stranger-us", "en", team="eu", stranger=(
        "Mike Johnson", "mike.johnson.imports@gmail.com", "America/Chicago"), mails=(
        Mail("stranger", subject="Price list for air fryers and kettles", body=(
            "Hello,\n\nI am starting an online shop in Texas and I am looking for a supplier of air "
            "fryers and electric kettles. Can you send me your price list and the MOQ? I would start "
            "with a mixed container.\n\nThanks,\nMike")),
        Mail("sales", attach=("Price list {year}.pdf",), body=(
            "Dear Mike,\n\nThank you for your interest. Our price list is attached; the MOQ is 500 "
            "pcs per model, and a 40' container can take several models.\n\nMay I ask for your "
            "company name and web site? Then I can check which certificates you need for the US "
            "(UL or ETL).\n\n" + _SIGN_SALES)),
        Mail("stranger", auto=True, after=(0, 0), subject="Automatic reply: {subject}", body=(
            "Thanks for your message! I am travelling until {back} and will answer when I am "
            "back.\n\nMike")),
    )),
    Story("stranger-es", "es", team="eu", stranger=(
        "Ana Lucía Torres", "analucia.torres.compras@gmail.com", "America/Lima"), mails=(
        Mail("stranger", subject="Cotización toallas de algodón", body=(
            "Buenas tardes:\n\nEstoy interesada en toallas de algodón 100% de 500 g/m², en blanco y "
            "gris, para hoteles en Lima. ¿Cuál es el pedido mínimo y el precio CIF Callao?\n\n"
            "Muchas gracias,\nAna Lucía Torres")),
    )),
    Story("stranger-gulf", "en", team="me", stranger=(
        "Ahmed Saeed", "ahmed.saeed.trading@gmail.com", "Asia/Dubai"), mails=(
        Mail("stranger", subject="Need quotation for pedestal fans and heaters", body=(
            "Dear supplier,\n\nPlease quote your best price for 16 inch pedestal fans and 2000 W fan "
            "heaters, 1x40HQ mixed, CIF Jebel Ali. We need the goods before the summer.\n\n"
            "Regards,\nAhmed Saeed\nMobile / WhatsApp +971 50 123 4567")),
    )),
    Story("newsletter", "en", team="me", stranger=(
        "Canton Fair Newsletter", "newsletter@cantonfair-news.example", "Asia/Shanghai"), mails=(
        Mail("list", subject="广交会（春季）采购商预登记开放 | Canton Fair spring: pre-registration open",
             body=(
            "尊敬的参展商：\n\n春季广交会采购商预登记现已开放，请提醒您的客户尽早登记，"
            "可免费领取采购商证件。\n\nDear exhibitor,\n\nPre-registration for buyers is open. "
            "Invite your customers now: registered buyers get their badge free of charge.\n\n"
            "To unsubscribe, reply with UNSUBSCRIBE.")),
    )),
)  # fmt: skip


# Who else writes to us, in Chinese
@dataclass(frozen=True)
class Supplier:
    name: str
    person: str
    department: str
    address: str
    phone: str


SUPPLIERS = {
    "appliances": (
        Supplier("慈溪市宏达电器有限公司", "王建国", "生产部", "wangjg@hongda-dianqi.com.cn", "0574-6321 8856"),
        Supplier("佛山市顺德区美旭电器制造有限公司", "陈丽萍", "业务部", "chenlp@meixu-elec.cn", "0757-2266 3017"),
    ),
    "hardware": (
        Supplier("永康市金盾五金工具有限公司", "胡志强", "生产计划部", "huzq@jindun-tools.com.cn", "0579-8712 4590"),
        Supplier("温州市恒泰五金制品厂", "林晓东", "业务部", "linxd@hengtai-hw.cn", "0577-8896 1205"),
    ),
    "textiles": (
        Supplier("南通新丝路家纺有限公司", "徐海燕", "跟单部", "xuhy@xinsilu-textile.cn", "0513-8655 2231"),
        Supplier("绍兴柯桥锦华纺织品有限公司", "沈国平", "生产部", "shengp@jinhua-fabric.cn", "0575-8411 7730"),
    ),
}  # fmt: skip
FORWARDERS = (
    Supplier("宁波捷运国际货运代理有限公司", "张敏", "海运操作部", "op.zhangmin@nbjieyun-logistics.com", "138 5742 6610"),
    Supplier("上海远帆国际物流有限公司", "刘洋", "订舱部", "booking.liuyang@yuanfan-log.com", "139 1720 8843"),
)  # fmt: skip
# (English, Chinese) reasons a factory gives for a late order, by product group
DELAY_REASONS = {
    "appliances": (
        ("the gift boxes from the printer arrived late", "彩盒印刷厂交货延迟，包装材料未能按时到位"),
        ("the motors failed the incoming inspection and had to be replaced", "电机来料检验不合格，需要重新备料"),
    ),
    "hardware": (
        ("the chrome plating failed the salt spray test and is being redone", "电镀盐雾测试不合格，需要返工重新电镀"),
        ("the steel for the forgings arrived late", "锻件所用钢材到货延迟"),
    ),
    "textiles": (
        ("one dye lot failed the colour fastness test and is being re-dyed", "有一缸布色牢度测试不合格，正在重新染色"),
        ("the weaving mill had no power for five days", "上周当地限电，织布车间停产了五天"),
    ),
}  # fmt: skip
PORTS_ZH = {
    "Ningbo": "宁波", "Shanghai": "上海", "Shenzhen (Yantian)": "深圳盐田",
    "Guangzhou (Nansha)": "广州南沙", "Xiamen": "厦门",
}  # fmt: skip
UNITS_ZH = {"pcs": "件", "sets": "套", "pairs": "对", "kg": "公斤"}
# (vessel, the carrier's B/L prefix, its container owner code)
VESSELS = (
    ("MSC ISABELLA", "MEDU", "MSCU"), ("COSCO SHIPPING ARIES", "COSU", "CSNU"),
    ("CMA CGM JACQUES SAADE", "CMDU", "CMAU"), ("MAERSK EINDHOVEN", "MAEU", "MSKU"),
    ("ONE APUS", "ONEY", "ONEU"), ("OOCL HONG KONG", "OOLU", "OOLU"), ("HMM ALGECIRAS", "HDMU", "HDMU"),
    ("EVER ACE", "EGLV", "EGHU"),
)  # fmt: skip
CONTAINER_TYPES = ("1×40'HQ", "1×20'GP", "2×40'HQ", "1×40'GP")
LANGUAGE_NAMES = {
    "de": "German", "fr": "French", "es": "Spanish", "it": "Italian", "pt": "Portuguese",
    "nl": "Dutch", "pl": "Polish", "sv": "Swedish", "da": "Danish", "fi": "Finnish", "cs": "Czech",
    "el": "Greek", "ar": "Arabic", "he": "Hebrew", "tr": "Turkish", "ja": "Japanese", "ko": "Korean",
    "th": "Thai", "vi": "Vietnamese", "id": "Indonesian", "ru": "Russian", "zh": "Chinese",
}  # fmt: skip


# --- Chats and logged contacts -------------------------------------------------------------

CHAT_NOTICE = (
    "Messages and calls are end-to-end encrypted. No one outside of this chat, not even "
    "WhatsApp, can read or listen to them. Tap to learn more."
)
# A WhatsApp chat as the merchandiser's phone exported it: (who, minutes after the line
# before, text).  "me" is the merchandiser, "them" the contact.
CHAT_EN = (
    ("them", 0, "Hi {me_first}, any update on {order}?"),
    ("me", 7, "Hi {first}, production started on Monday. About 60% of the {product} are finished."),
    ("me", 1, "<Media omitted>"),
    ("me", 0, "Photos from the line today 👆"),
    ("them", 25, "Looks good. Can you send a photo of the cartons too?"),
    ("me", 4, "Sure, tomorrow after packing."),
    ("me", 1180, "<Media omitted>"),
    ("me", 1, "Cartons with your marks. Final inspection is booked for {inspect}."),
    ("them", 50, "👍 Perfect. Please send the PI for the balance when ready"),
    ("me", 3, "Will do 🙏"),
)  # fmt: skip
CHAT_ES = (
    ("them", 0, "Hola {me_first}, buenos días. ¿Ya tienen la fecha de embarque del pedido {order}?"),
    ("me", 12, "Hola {first}! ETD {etd} from {pol}, vessel {vessel}."),
    ("them", 9, "Perfecto, gracias. ¿Me puedes mandar el borrador del BL?"),
    ("me", 2, "Sure, I will send it by email today."),
    ("them", 1, "Ok 👍"),
    ("me", 240, "Sent. Please check the consignee and the notify party and confirm."),
    ("them", 600, "Confirmado ✅\nEl consignatario está bien."),
)  # fmt: skip
# channel, direction, who logs it ("us" or "sales"), summary; about an order or not
LOGGED = (
    ("wechat", "in", "us", True,
     "{first} 在微信上问能不能在 {order} 里加两托 {product}，价格按PI不变。已答复可以，明天更新PI发给他确认。"),
    ("wechat", "out", "us", True,
     "微信发了 {order} 的生产进度照片给 {first}，客户确认彩盒和说明书没问题。"),
    ("phone", "out", "us", True,
     "Called {first} about the deposit for {order}: their finance pays this Friday and sends the "
     "bank slip by mail."),
    ("phone", "in", "us", True,
     "{first} called: their warehouse is full until the 20th, asks to ship {order} one week later. "
     "Agreed; told the factory to hold the goods."),
    ("meeting", "out", "sales", False,
     "Met {contact} at our Canton Fair booth (hall 11.2): interested in the new air fryers and in a "
     "second supplier for kettles. Send the catalogue and a sample quotation next week."),
)  # fmt: skip
