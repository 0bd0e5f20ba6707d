package web

import "strings"

// The texts of the login, registration and edit pages, merged into messages.
var authMessages = map[string][2]string{
	"nav.login":          {"Log in", "เข้าสู่ระบบ"},
	"nav.register":       {"Register", "สมัครสมาชิก"},
	"nav.logout":         {"Log out", "ออกจากระบบ"},
	"nav.account":        {"Account", "บัญชีผู้ใช้"},
	"account.signedin":   {"Logged in as", "เข้าสู่ระบบในชื่อ"},
	"login.title":        {"Log in", "เข้าสู่ระบบ"},
	"login.name":         {"Username", "ชื่อผู้ใช้"},
	"login.password":     {"Password", "รหัสผ่าน"},
	"login.submit":       {"Log in", "เข้าสู่ระบบ"},
	"login.failed":       {"Login failed. Bad username or password.", "เข้าสู่ระบบไม่สำเร็จ ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง"},
	"login.toomany":      {"Too many attempts. Please wait a minute and try again.", "ลองหลายครั้งเกินไป โปรดรอสักหนึ่งนาทีแล้วลองใหม่"},
	"login.noaccount":    {"No account yet?", "ยังไม่มีบัญชี?"},
	"logout.title":       {"Log out", "ออกจากระบบ"},
	"logout.confirm":     {"Log out of this catalog?", "ออกจากระบบคลังข้อมูลนี้หรือไม่?"},
	"register.title":     {"Register", "สมัครสมาชิก"},
	"register.name":      {"Username", "ชื่อผู้ใช้"},
	"register.namehint":  {"Lowercase letters a–z, digits, - and _; at least 2 characters.", "ตัวอักษรภาษาอังกฤษพิมพ์เล็ก a–z ตัวเลข - และ _ อย่างน้อย 2 ตัว"},
	"register.fullname":  {"Full name", "ชื่อ-นามสกุล"},
	"register.email":     {"Email", "อีเมล"},
	"register.password1": {"Password", "รหัสผ่าน"},
	"register.pwhint":    {"At least 8 characters.", "อย่างน้อย 8 ตัวอักษร"},
	"register.password2": {"Confirm password", "ยืนยันรหัสผ่าน"},
	"register.submit":    {"Create account", "สร้างบัญชี"},
	"register.have":      {"Already have an account?", "มีบัญชีอยู่แล้ว?"},
	"form.errors":        {"The form contains invalid entries:", "แบบฟอร์มมีข้อมูลที่ไม่ถูกต้อง:"},
	"edit.title":         {"Edit dataset", "แก้ไขชุดข้อมูล"},
	"edit.link":          {"Edit", "แก้ไข"},
	"edit.f.title":       {"Title (Thai)", "ชื่อชุดข้อมูล (ภาษาไทย)"},
	"edit.f.title_en":    {"Title (English)", "ชื่อชุดข้อมูล (ภาษาอังกฤษ)"},
	"edit.f.notes":       {"Description (Thai, Markdown)", "คำอธิบาย (ภาษาไทย, Markdown)"},
	"edit.f.notes_en":    {"Description (English, Markdown)", "คำอธิบาย (ภาษาอังกฤษ, Markdown)"},
	"edit.f.tag_string":  {"Tags, separated by commas", "คำสำคัญ คั่นด้วยเครื่องหมายจุลภาค"},
	"edit.f.url":         {"Source URL", "URL แหล่งที่มา"},
	"edit.f.version":     {"Version", "รุ่น"},
	"edit.f.private":     {"Visibility", "การเผยแพร่"},
	"edit.public":        {"Public", "สาธารณะ"},
	"edit.private":       {"Private (members of the organization only)", "ส่วนบุคคล (เฉพาะสมาชิกของหน่วยงาน)"},
	"edit.save":          {"Update dataset", "บันทึกชุดข้อมูล"},
	"edit.cancel":        {"Cancel", "ยกเลิก"},
	"edit.invalid":       {"The dataset could not be saved; check its resources through the API.", "บันทึกชุดข้อมูลไม่ได้ โปรดตรวจสอบทรัพยากรของชุดข้อมูลผ่าน API"},

	"edit.f.license_id":       {"License", "สัญญาอนุญาต"},
	"edit.f.author":           {"Author", "ผู้จัดทำ"},
	"edit.f.author_email":     {"Author e-mail", "อีเมลผู้จัดทำ"},
	"edit.f.maintainer":       {"Maintainer (contact)", "ผู้ติดต่อ"},
	"edit.f.maintainer_email": {"Maintainer e-mail", "อีเมลผู้ติดต่อ"},
	"edit.f.extras":           {"Custom fields", "ข้อมูลเพิ่มเติม"},
	"edit.gdc":                {"Government Data Catalog (GD-Catalog) metadata", "คำอธิบายข้อมูลตามมาตรฐาน GD-Catalog"},
	"edit.f.extra.key":        {"Key", "ชื่อ"},
	"edit.f.extra.value":      {"Value", "ค่า"},
	"edit.f.extra.remove":     {"Remove", "ลบ"},

	"new.title":       {"Add dataset", "เพิ่มชุดข้อมูล"},
	"new.link":        {"Add dataset", "เพิ่มชุดข้อมูล"},
	"new.save":        {"Add dataset", "เพิ่มชุดข้อมูล"},
	"new.f.name":      {"URL name", "ชื่อใน URL"},
	"new.namehint":    {"Lowercase letters a–z, digits, - and _; it becomes /dataset/NAME.", "ตัวอักษรภาษาอังกฤษพิมพ์เล็ก a–z ตัวเลข - และ _ ใช้เป็น /dataset/ชื่อ"},
	"new.f.owner_org": {"Organization", "หน่วยงาน"},

	"error.csrf.title":       {"The form has expired", "แบบฟอร์มหมดอายุ"},
	"error.csrf.body":        {"The form was sent without its security token, or the token is too old. Go back, reload the page and send the form again.", "แบบฟอร์มถูกส่งมาโดยไม่มีรหัสความปลอดภัย หรือรหัสหมดอายุแล้ว โปรดย้อนกลับ โหลดหน้าใหม่ แล้วส่งแบบฟอร์มอีกครั้ง"},
	"error.429.title":        {"Too many attempts", "ลองหลายครั้งเกินไป"},
	"error.429.body":         {"Please wait a minute and try again.", "โปรดรอสักหนึ่งนาทีแล้วลองใหม่"},
	"error.registered.title": {"You already have an account", "คุณมีบัญชีอยู่แล้ว"},
	"error.registered.body":  {"You are logged in. Log out first to register another account.", "คุณเข้าสู่ระบบอยู่ โปรดออกจากระบบก่อนสมัครบัญชีใหม่"},
}

// validationTH are the Thai texts of CKAN's validation messages the forms can show;
// others are shown in English, as CKAN words them.
var validationTH = map[string]string{
	"Missing value": "ต้องระบุค่านี้",
	"Your password must be 8 characters or longer":                                   "รหัสผ่านต้องมีอย่างน้อย 8 ตัวอักษร",
	"The passwords you entered do not match":                                         "รหัสผ่านทั้งสองช่องไม่ตรงกัน",
	"That login name is not available.":                                              "ชื่อผู้ใช้นี้มีผู้ใช้แล้ว",
	"Must be at least 2 characters long":                                             "ต้องมีอย่างน้อย 2 ตัวอักษร",
	"Must be purely lowercase alphanumeric (ascii) characters and these symbols: -_": "ใช้ได้เฉพาะตัวอักษรภาษาอังกฤษพิมพ์เล็ก ตัวเลข และเครื่องหมาย - _",
	"That name cannot be used":                                                       "ใช้ชื่อนี้ไม่ได้",
	"That URL is already in use.":                                                    "ชื่อใน URL นี้มีผู้ใช้แล้ว",
	"Please provide a valid URL":                                                     "โปรดระบุ URL ที่ถูกต้อง",
}

func init() {
	for k, v := range authMessages {
		messages[k] = v
	}
}

// Msg is a validation message in the page's language.
func (p *page) Msg(m string) string {
	if p.Lang == langTH {
		if th, ok := validationTH[m]; ok {
			return th
		}
		// CKAN names the rejected address in its message.
		if email, ok := strings.CutPrefix(m, "Email "); ok {
			if email, ok = strings.CutSuffix(email, " is not a valid format"); ok {
				return "อีเมล " + email + " มีรูปแบบไม่ถูกต้อง"
			}
		}
	}
	return m
}

// fieldLabels name the form fields of the validation messages (package and user dict keys).
var fieldLabels = map[string]string{
	"title": "edit.f.title", "title_en": "edit.f.title_en", "notes": "edit.f.notes", "notes_en": "edit.f.notes_en",
	"tags": "edit.f.tag_string", "url": "edit.f.url", "version": "edit.f.version", "private": "edit.f.private",
	"license_id": "edit.f.license_id", "author": "edit.f.author", "author_email": "edit.f.author_email",
	"maintainer": "edit.f.maintainer", "maintainer_email": "edit.f.maintainer_email", "extras_validation": "edit.f.extras",
	"owner_org": "new.f.owner_org", "name": "register.name", "fullname": "register.fullname", "email": "register.email", "password": "register.password1",
}

// FieldLabel is the label of the form field a validation message is about.
func (p *page) FieldLabel(field string) string {
	if f, ok := p.Data.(*formData); ok && field == "name" && (f.D != nil || f.Orgs != nil) {
		return p.T("new.f.name") // a dataset's name, not a user's
	}
	if k, ok := fieldLabels[field]; ok {
		return p.T(k)
	}
	return field
}
